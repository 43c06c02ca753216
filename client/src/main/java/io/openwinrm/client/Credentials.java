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
     * A TLS client certificate mapped by the server to an account ([MS-WSMV] certificate authentication; HTTPS only).
     *
     * @param certificatePem PEM certificate (chain), leaf first
     * @param privateKeyPem  PEM private key, unencrypted
     */
    static Credentials certificate(java.nio.file.Path certificatePem, java.nio.file.Path privateKeyPem) {
        return new Certificate(certificatePem, privateKeyPem);
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
    abstract sealed class Password implements Credentials permits Basic, Negotiate {
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
}
