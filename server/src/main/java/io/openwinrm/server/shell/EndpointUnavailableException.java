package io.openwinrm.server.shell;

/**
 * An endpoint cannot open a shell as configured: its run-as account does not exist, the server cannot switch users
 * or create temporary accounts, or its limits cannot be enforced. Never a client error; wire: w:InternalError with
 * the reason, so the administrator learns what to fix.
 */
public final class EndpointUnavailableException extends ShellException {

    private static final long serialVersionUID = 1L;

    public EndpointUnavailableException(String message) {
        super(message);
    }
}
