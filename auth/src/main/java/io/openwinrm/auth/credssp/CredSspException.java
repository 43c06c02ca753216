package io.openwinrm.auth.credssp;

/** A malformed, unexpected or refused CredSSP message ([MS-CSSP]). The message is log-safe: it never holds a secret. */
public final class CredSspException extends Exception {
    private static final long serialVersionUID = 1L;

    public CredSspException(String message) {
        super(message);
    }

    public CredSspException(String message, Throwable cause) {
        super(message, cause);
    }
}
