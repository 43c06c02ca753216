package io.openwinrm.server.psrp.engine;

/**
 * An engine refused client input or could not run; a one-line, log-safe message (never a secret, never raw client
 * bytes). The WS-Man layer maps it to a fault in one place.
 */
public final class PsrpEngineException extends Exception {

    private static final long serialVersionUID = 1L;

    public PsrpEngineException(String message) {
        super(message);
    }

    public PsrpEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
