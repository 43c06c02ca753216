package io.openwinrm.server.shell;

import io.openwinrm.server.command.CommandSpec;
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

    /** All of {@code listeners}, called in order; one failing does not keep the others from being called. */
    static ShellListener all(java.util.List<ShellListener> listeners) {
        java.util.List<ShellListener> copy = java.util.List.copyOf(listeners);
        return new ShellListener() {
            private void each(java.util.function.Consumer<ShellListener> call) {
                for (ShellListener l : copy) {
                    try {
                        call.accept(l);
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(ShellListener.class).warn("shell listener failed", e);
                    }
                }
            }

            @Override
            public void shellCreated(Shell shell) {
                each(l -> l.shellCreated(shell));
            }

            @Override
            public void commandStarted(Shell shell, RunningCommand command) {
                each(l -> l.commandStarted(shell, command));
            }

            @Override
            public void commandExited(Shell shell, RunningCommand command, int exitCode, long stdoutBytes,
                                      long stderrBytes) {
                each(l -> l.commandExited(shell, command, exitCode, stdoutBytes, stderrBytes));
            }

            @Override
            public void commandRefused(Shell shell, CommandSpec command, String rule, String reason) {
                each(l -> l.commandRefused(shell, command, rule, reason));
            }

            @Override
            public void pipelineStarted(Shell shell, String pipelineId, java.util.List<String> commands) {
                each(l -> l.pipelineStarted(shell, pipelineId, commands));
            }

            @Override
            public void shellDisconnected(Shell shell) {
                each(l -> l.shellDisconnected(shell));
            }

            @Override
            public void shellReconnected(Shell shell, String action) {
                each(l -> l.shellReconnected(shell, action));
            }

            @Override
            public void shellClosed(Shell shell, CloseReason reason) {
                each(l -> l.shellClosed(shell, reason));
            }
        };
    }

    default void shellCreated(Shell shell) {
    }

    default void commandStarted(Shell shell, RunningCommand command) {
    }

    /** The process exited and its output pipes ended; byte counts are as read from the process. */
    default void commandExited(Shell shell, RunningCommand command, int exitCode, long stdoutBytes,
                               long stderrBytes) {
    }

    /** The owner disconnected the shell ([MS-WSMV] 3.1.4.15); it now waits for {@link Shell#idleTimeout()}. */
    /** A restricted endpoint refused a command line; nothing was started. */
    default void commandRefused(Shell shell, CommandSpec command, String rule, String reason) {
    }

    default void shellDisconnected(Shell shell) {
    }

    /**
     * A PowerShell shell's engine accepted a pipeline ([MS-PSRP] CREATE_PIPELINE) with these commands, described
     * for people ({@code Get-Process -Name sshd}, {@code script: ...}).
     */
    default void pipelineStarted(Shell shell, String pipelineId, java.util.List<String> commands) {
    }

    /** A client of the owner reconnected ({@code "reconnect"}) or connected ({@code "connect"}) to the shell. */
    default void shellReconnected(Shell shell, String action) {
    }

    default void shellClosed(Shell shell, CloseReason reason) {
    }
}
