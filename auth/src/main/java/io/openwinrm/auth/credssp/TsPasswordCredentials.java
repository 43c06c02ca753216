package io.openwinrm.auth.credssp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The delegated password credentials of a CredSSP logon ([MS-CSSP] 2.2.1.2.1 TSPasswordCreds: domain, user and
 * password, each UTF-16LE on the wire). A secret: {@link #close()} zeroes the password, {@link #toString()} never
 * shows it. Whoever receives an instance owns it and must close it; {@link #copy()} gives a second owner its own copy.
 * Thread-safe.
 */
public final class TsPasswordCredentials implements AutoCloseable {

    private final String domain;
    private final String userName;
    private final char[] password;
    private boolean closed;

    /**
     * @param domain   the domain as the client wrote it, possibly empty
     * @param userName the user name, possibly with a {@code DOMAIN\} or {@code @realm} part as clients send it
     * @param password taken over (not copied): the caller must not use or zero it afterwards
     */
    public TsPasswordCredentials(String domain, String userName, char[] password) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.userName = Objects.requireNonNull(userName, "userName");
        this.password = Objects.requireNonNull(password, "password");
    }

    public String domain() {
        return domain;
    }

    public String userName() {
        return userName;
    }

    /**
     * The password itself, not a copy: valid until {@link #close()}; callers must not keep it.
     *
     * @throws IllegalStateException once closed
     */
    public synchronized char[] password() {
        if (closed) {
            throw new IllegalStateException("credentials already closed");
        }
        return password;
    }

    /** An independent copy, for a second owner (the per-shell credential agent). */
    public synchronized TsPasswordCredentials copy() {
        return new TsPasswordCredentials(domain, userName, password().clone());
    }

    /** Zeroes the password; idempotent. */
    @Override
    public synchronized void close() {
        Arrays.fill(password, '\0');
        closed = true;
    }

    @Override
    public String toString() {
        return "TsPasswordCredentials[" + (domain.isEmpty() ? "" : domain + "\\") + userName + "]";
    }
}
