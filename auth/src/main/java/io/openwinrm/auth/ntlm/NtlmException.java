package io.openwinrm.auth.ntlm;

/** Base of every NTLM failure; the message is log-safe (never contains a key, hash or password). */
public class NtlmException extends Exception {
    private static final long serialVersionUID = 1L;

    public NtlmException(String message) {
        super(message);
    }

    public NtlmException(String message, Throwable cause) {
        super(message, cause);
    }
}
