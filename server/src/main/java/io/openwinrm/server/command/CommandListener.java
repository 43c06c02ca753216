package io.openwinrm.server.command;

/**
 * Lifecycle callbacks of one {@link RunningCommand}, used by its shell (process quota, command table) and, through
 * it, by the audit log. Methods are called without locks held, on runtime threads: they must return quickly.
 */
public interface CommandListener {

    /** The process exited and its output pipes reached their end (state DONE). */
    default void commandExited(RunningCommand command, int exitCode, long stdoutBytes, long stderrBytes) {
    }

    /** A receive reported Done with the exit code to the client (state DELIVERED, or REMOVED after a terminate). */
    default void commandDelivered(RunningCommand command) {
    }

    /** The command reached REMOVED and must be forgotten by its owner. */
    default void commandRemoved(RunningCommand command) {
    }
}
