package io.openwinrm.server.command;

/**
 * Lifecycle callbacks of one {@link RunningCommand}, used by its shell (process quota, command table) and, through
 * it, by the audit log. Methods are called without locks held, on runtime threads: they must return quickly.
 */
public interface CommandListener {

    /** The process exited and its output pipes reached their end (state DONE). */
    default void commandExited(RunningCommand command, int exitCode, long stdoutBytes, long stderrBytes) {
    }

    /** The command reached REMOVED and must be forgotten by its owner. */
    default void commandRemoved(RunningCommand command) {
    }
}
