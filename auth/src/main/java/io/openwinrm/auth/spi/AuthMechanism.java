package io.openwinrm.auth.spi;

/**
 * One connection's instance of an authentication scheme. It may keep state between legs (NTLM: the
 * CHALLENGE it sent, [MS-NLMP] 3.2.5). The transport creates it with {@link AuthMechanismFactory#create()} when
 * a connection first uses the scheme and drops it after {@link AuthStep.Failure} or when the connection closes.
 *
 * <p>Threading: the transport calls {@link #step} for one request at a time per connection, possibly on
 * different threads but never concurrently, and never on a network event loop, so implementations may block
 * briefly (password hashing, account look-up).
 */
public interface AuthMechanism {

    /**
     * Processes one leg.
     *
     * @param token      the base64-decoded token from {@code Authorization: <scheme> <token>}; for Basic the
     *                   bytes of {@code user:password} (RFC 7617 section 2); never {@code null}, may be empty
     * @param connection facts about the connection
     * @return the next step; never {@code null}
     */
    AuthStep step(byte[] token, ConnectionInfo connection);
}
