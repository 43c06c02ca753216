package io.openwinrm.server.command;

/** WinRS signal codes ([MS-WSMV] 2.2.4.38, 3.1.4.12); URIs are parsed by the protocol layer. */
public enum Signal {
    /**
     * {@code .../signal/terminate}: SIGTERM to the process group, SIGKILL after the grace period; once Done is
     * delivered the command is removed. Sent by every client after Done, when it only removes the command.
     */
    TERMINATE,
    /** {@code .../signal/ctrl_c}: SIGINT to the process group. */
    CTRL_C,
    /** {@code .../signal/ctrl_break}: SIGQUIT to the process group. */
    CTRL_BREAK
}
