package io.openwinrm.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * How the client proves who it is: Basic ({@link #basic}), NTLM through the Negotiate scheme ({@link #negotiate},
 * with per-message encryption over HTTP), or a TLS client certificate ({@link #certificate}). Password arrays are
 * copied; {@link #toString()} never shows a secret.
 */
public sealed interface Credentials {

    /** The account name as the server should see it. */
    String user();

    /** HTTP Basic ([RFC 7617]); the client refuses to send it over plain HTTP. */
    static Credentials basic(String user, char[] password) {
        return new Basic(user, password);
    }

    /**
     * NTLMv2 through the {@code Negotiate} scheme ([MS-NLMP], SPNEGO framing), with WinRM message encryption on
     * plain HTTP ([MS-WSMV] 2.2.9.1). {@code user} may be {@code DOMAIN\\user} or {@code user@domain}.
     */
    static Credentials negotiate(String user, char[] password) {
        return new Negotiate(user, password);
    }

    /**
     * CredSSP ([MS-CSSP]): NTLM inside a TLS session, then the password itself is handed to the server, so that
     * commands there can authenticate onward as this user (the second hop); messages are encrypted by that TLS session
     * on plain HTTP ([MS-WSMV] 2.2.9.1.3). The server — and anyone who controls it — gets the password: use only
     * towards hosts trusted that far. The client refuses plain HTTP to hosts outside TrustedHosts, as for NTLM.
     * {@code user} may be {@code DOMAIN\\user} or {@code user@domain}.
     */
    static Credentials credSsp(String user, char[] password) {
        return new CredSsp(user, password);
    }

    /**
     * A TLS client certificate mapped by the server to an account ([MS-WSMV] certificate authentication; HTTPS only).
     *
     * @param certificatePem PEM certificate (chain), leaf first
     * @param privateKeyPem  PEM private key, unencrypted
     */
    static Credentials certificate(java.nio.file.Path certificatePem, java.nio.file.Path privateKeyPem) {
        return new Certificate(certificatePem, privateKeyPem);
    }

    /**
     * Kerberos ([MS-KILE], RFC 4121) through the {@code Negotiate} scheme, with WinRM message encryption on plain
     * HTTP. The ticket comes from the credential cache ({@code KRB5CCNAME}, what kinit wrote) unless a keytab or a
     * password is given; a password is used for an in-memory AS exchange and no cache is written. The server is
     * proven by the mutual authentication, so a plain-HTTP host needs no TrustedHosts entry.
     *
     * @param principal {@code user@REALM}; empty for the cache's (or, with a keytab, its first) principal
     * @param keytab    a keytab to log in with, instead of the cache
     * @param password  a password to log in with (copied), instead of the cache
     * @param spn       the service principal ({@code HTTP/host} or {@code HTTP/host@REALM}); empty for
     *                  {@code HTTP/<endpoint host>}
     */
    static Credentials kerberos(java.util.Optional<String> principal, java.util.Optional<java.nio.file.Path> keytab,
                                java.util.Optional<char[]> password, java.util.Optional<String> spn) {
        return kerberos(principal, keytab, password, spn, false);
    }

    /**
     * As {@link #kerberos(java.util.Optional, java.util.Optional, java.util.Optional, java.util.Optional)}, and with
     * {@code delegate} the TGT is forwarded to the server (RFC 4121 4.1.1.1), so that commands there can authenticate
     * onward as this user (the second hop). The server then holds a ticket for everything this user may reach until
     * it expires: delegate only to hosts trusted that far. Authentication fails if the TGT is not forwardable.
     */
    static Credentials kerberos(java.util.Optional<String> principal, java.util.Optional<java.nio.file.Path> keytab,
                                java.util.Optional<char[]> password, java.util.Optional<String> spn,
                                boolean delegate) {
        return new Kerberos(principal, keytab, password.map(char[]::clone), spn, delegate);
    }

    /**
     * Kerberos credentials: where the ticket comes from, which service to ask for, and whether to delegate the TGT.
     */
    record Kerberos(java.util.Optional<String> principal, java.util.Optional<java.nio.file.Path> keytab,
                    java.util.Optional<char[]> password, java.util.Optional<String> spn, boolean delegate)
            implements Credentials {
        public Kerberos {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(keytab, "keytab");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(spn, "spn");
            if (keytab.isPresent() && password.isPresent()) {
                throw new IllegalArgumentException("a keytab or a password, not both");
            }
        }

        @Override
        public String user() {
            return principal.orElse("(credential cache)");
        }

        @Override
        public String toString() {
            return "Kerberos[" + user() + (keytab.isPresent() ? ", keytab" : password.isPresent() ? ", password"
                    : ", cache") + (delegate ? ", delegate" : "") + "]";
        }
    }

    /** Client certificate credentials. */
    record Certificate(java.nio.file.Path certificatePem, java.nio.file.Path privateKeyPem) implements Credentials {
        public Certificate {
            Objects.requireNonNull(certificatePem, "certificatePem");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        }

        /** The certificate file: the server decides which account it maps to. */
        @Override
        public String user() {
            return certificatePem.getFileName().toString();
        }
    }

    /** A user name and a password; the array is copied, cleared by nobody but the garbage collector. */
    abstract sealed class Password implements Credentials permits Basic, Negotiate, CredSsp {
        private final String user;
        private final char[] password;

        Password(String user, char[] password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password").clone();
            if (user.isBlank()) {
                throw new IllegalArgumentException("empty user name");
            }
        }

        @Override
        public String user() {
            return user;
        }

        /** A copy of the password; the caller should clear it after use. */
        public char[] password() {
            return password.clone();
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + "[" + user + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o != null && o.getClass() == getClass() && ((Password) o).user.equals(user)
                    && Arrays.equals(((Password) o).password, password);
        }

        @Override
        public int hashCode() {
            return user.hashCode();
        }
    }

    /** Basic credentials. */
    final class Basic extends Password {
        private Basic(String user, char[] password) {
            super(user, password);
            if (user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("a Basic user name must not contain ':'");
            }
        }
    }

    /** NTLM credentials for the Negotiate scheme. */
    final class Negotiate extends Password {
        private Negotiate(String user, char[] password) {
            super(user, password);
        }
    }

    /** Credentials delegated with CredSSP. */
    final class CredSsp extends Password {
        private CredSsp(String user, char[] password) {
            super(user, password);
        }
    }
}
