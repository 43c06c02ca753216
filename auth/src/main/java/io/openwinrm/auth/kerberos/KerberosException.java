package io.openwinrm.auth.kerberos;

import java.util.Optional;

/** A Kerberos authentication refused: a log-safe reason, and the client principal when it was already known. */
public final class KerberosException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String principal;

    public KerberosException(String message) {
        this(message, null);
    }

    public KerberosException(String message, String principal) {
        super(message);
        this.principal = principal;
    }

    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }
}
