package io.openwinrm.server.shell;

/**
 * An operation other than Disconnect, Reconnect, Connect, Delete, Get or Enumerate reached a disconnected shell
 * ([MS-WSMV] 3.1.4.1.31.7). Wire: w:InternalError, code 2150859230 (ERROR_WSMAN_SERVICE_STREAM_DISCONNECTED).
 */
public final class ShellDisconnectedException extends ShellException {

    private static final long serialVersionUID = 1L;

    private final String shellId;

    public ShellDisconnectedException(String shellId, String action) {
        super("cannot " + action + ": shell " + shellId + " is disconnected; Reconnect or Connect first");
        this.shellId = shellId;
    }

    public String shellId() {
        return shellId;
    }
}
