package io.openwinrm.auth.spnego;

/** A malformed or unexpected SPNEGO token. The message is log-safe. */
public final class SpnegoException extends Exception {
    private static final long serialVersionUID = 1L;

    public SpnegoException(String message) {
        super(message);
    }
}
