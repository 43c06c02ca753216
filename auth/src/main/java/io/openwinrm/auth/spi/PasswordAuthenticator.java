package io.openwinrm.auth.spi;

/**
 * Policy that checks a user name and password (used by Basic, RFC 7617). Implementations must be thread-safe,
 * may block briefly (they are called off the network event loop), must not keep or log the password, and
 * should spend the same time on unknown users as on wrong passwords.
 */
@FunctionalInterface
public interface PasswordAuthenticator {

    /**
     * @param userName   the claimed user name, never {@code null}
     * @param password   the password; the caller wipes it after the call, so do not keep a reference
     * @param connection facts about the connection
     * @return {@code true} if the password is right for that user
     */
    boolean authenticate(String userName, char[] password, ConnectionInfo connection);

    /** Rejects everything. */
    static PasswordAuthenticator rejectAll() {
        return (user, password, connection) -> false;
    }
}
