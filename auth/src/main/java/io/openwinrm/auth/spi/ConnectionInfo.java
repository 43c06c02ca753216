package io.openwinrm.auth.spi;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What a mechanism or policy may know about the connection a credential arrived on. The transport implements
 * it; new facts are added as default methods so implementations never break.
 */
public interface ConnectionInfo {

    /** The peer address; never {@code null}. */
    InetSocketAddress remoteAddress();

    /** The local (listener) address; never {@code null}. */
    InetSocketAddress localAddress();

    /** {@code true} when the connection is protected by TLS. */
    boolean secure();

    /** The configured name of the listener that accepted the connection. */
    String listenerName();

    /**
     * The RFC 5929 {@code tls-server-end-point} channel binding (hash of the server certificate) for
     * channel-binding-aware mechanisms (NTLM, Kerberos over HTTPS, [MS-NLMP] 3.1.5.1.2). Empty on plain HTTP or
     * when the transport does not compute it.
     */
    default Optional<byte[]> tlsServerEndPoint() {
        return Optional.empty();
    }
}
