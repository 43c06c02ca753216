package io.openwinrm.auth.spi;

/**
 * An HTTP authentication scheme the server offers (RFC 7235 section 2.1; [MS-WSMV] 2.2.9, schemes Basic,
 * Negotiate, Kerberos, CredSSP). Factories are immutable and shared across connections.
 */
public interface AuthMechanismFactory {

    /** The scheme name as it appears in {@code Authorization}, e.g. {@code "Basic"}; compared case-insensitively. */
    String scheme();

    /**
     * The {@code WWW-Authenticate} value offered in a 401 challenge, e.g. {@code Basic realm="WSMAN"}. The transport
     * sends one header line per enabled scheme. {@code null} means the scheme is accepted but not advertised (the
     * plain {@code NTLM} scheme: Windows offers only Negotiate, and requests_ntlm would prefer NTLM if offered).
     */
    default String challenge() {
        return scheme();
    }

    /**
     * Whether the scheme may be used on a connection without TLS even when the listener does not allow unencrypted
     * traffic. {@code false} for Basic (the password travels in clear); {@code true} for mechanisms that seal the
     * messages afterwards (NTLM, Kerberos; [MS-WSMV] 2.2.9.1).
     */
    boolean allowedOnInsecureChannel();

    /**
     * Whether a success authenticates the whole connection, so that later requests on it carry no
     * {@code Authorization} header (NTLM, Kerberos, CredSSP). Basic authenticates each request on its own.
     */
    default boolean connectionBound() {
        return false;
    }

    /** A fresh mechanism for one connection; never {@code null}. */
    AuthMechanism create();
}
