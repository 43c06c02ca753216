package io.openwinrm.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * How the client proves who it is. Only Basic exists so far; NTLM, Kerberos and certificates will be added as further
 * permitted types. The password array is copied; {@link #toString()} never shows it.
 */
public sealed interface Credentials {

    /** The account name as the server should see it. */
    String user();

    /** HTTP Basic ([RFC 7617]); the client refuses to send it over plain HTTP. */
    static Credentials basic(String user, char[] password) {
        return new Basic(user, password);
    }

    /** Basic credentials. */
    final class Basic implements Credentials {
        private final String user;
        private final char[] password;

        private Basic(String user, char[] password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password").clone();
            if (user.isEmpty() || user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("a Basic user name must be non-empty and contain no ':'");
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
            return "Basic[" + user + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Basic b && b.user.equals(user) && Arrays.equals(b.password, password);
        }

        @Override
        public int hashCode() {
            return user.hashCode();
        }
    }
}
