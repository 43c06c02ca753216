package io.openwinrm.server.shell;

/**
 * Reconnect or Connect ([MS-WSMV] 3.1.4.16, 3.1.4.17) to a shell that is not disconnected: a client is connected
 * to it. Wire: w:InternalError, code 2150859213 (ERROR_WINRS_SHELL_CONNECTED_TO_DIFFERENT_CLIENT).
 */
public final class ShellConnectedException extends ShellException {

    private static final long serialVersionUID = 1L;

    private final String shellId;

    public ShellConnectedException(String shellId, String action) {
        super("cannot " + action + ": shell " + shellId + " is connected to a client; Disconnect it first");
        this.shellId = shellId;
    }

    public String shellId() {
        return shellId;
    }
}
