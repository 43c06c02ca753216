package io.openwinrm.server.command;

/**
 * Operating-system signals the command runtime sends to a process group. The launcher maps each to the platform's
 * number (on Linux: SIGINT 2, SIGQUIT 3, SIGKILL 9, SIGTERM 15).
 */
public enum ProcessSignal {
    /** SIGINT: what a WinRS {@code ctrl_c} signal becomes. */
    INTERRUPT,
    /** SIGTERM: first step of a WinRS {@code terminate}. */
    TERMINATE,
    /** SIGKILL: second step of {@code terminate} after the grace period, and shell deletion. */
    KILL,
    /** SIGQUIT: what a WinRS {@code ctrl_break} signal becomes. */
    QUIT
}
