package io.openwinrm.server.shell;

import io.openwinrm.server.command.RunningCommand;

/**
 * Observer of shell and command lifecycles (the audit log plugs in here). All methods default to no-ops; they are
 * called without locks held, on request or runtime threads, and must return quickly. An exception thrown by a
 * listener is logged and otherwise ignored.
 */
public interface ShellListener {

    /** A listener that does nothing. */
    ShellListener NOOP = new ShellListener() {
    };

    default void shellCreated(Shell shell) {
    }

    default void commandStarted(Shell shell, RunningCommand command) {
    }

    /** The process exited and its output pipes ended; byte counts are as read from the process. */
    default void commandExited(Shell shell, RunningCommand command, int exitCode, long stdoutBytes,
                               long stderrBytes) {
    }

    /** The owner disconnected the shell ([MS-WSMV] 3.1.4.15); it now waits for {@link Shell#idleTimeout()}. */
    default void shellDisconnected(Shell shell) {
    }

    /** A client of the owner reconnected ({@code "reconnect"}) or connected ({@code "connect"}) to the shell. */
    default void shellReconnected(Shell shell, String action) {
    }

    default void shellClosed(Shell shell, CloseReason reason) {
    }
}
