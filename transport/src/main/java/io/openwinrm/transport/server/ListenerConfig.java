package io.openwinrm.transport.server;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One listening socket.
 *
 * @param name               a name for logs and for {@link WsmanHttpRequest#listenerName()}
 * @param bind               address and port (port 0 picks an ephemeral port); WinRM's defaults are 5985 for HTTP
 *                           and 5986 for HTTPS ([MS-WSMV] 2.2.4.35)
 * @param tls                serve HTTPS
 * @param allowUnencrypted   on a plain-HTTP listener, also offer schemes that cannot seal messages (Basic) and
 *                           accept unencrypted SOAP from connection-bound schemes; WinRM's AllowUnencrypted.
 *                           Ignored when {@code tls} is set.
 * @param clientCertificates request client certificates in the TLS handshake and accept the {@code https/mutual}
 *                           authorization (TLS listeners only); its TLS context replaces the server-wide one
 * @param ipFilter           client addresses allowed to connect (WinRM's IPv4Filter / IPv6Filter); others are
 *                           closed at accept, before TLS, by {@link IpFilterHandler}
 */
public record ListenerConfig(String name, InetSocketAddress bind, boolean tls, boolean allowUnencrypted,
                             Optional<ClientCertificateAuth> clientCertificates, IpFilter ipFilter) {
    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(clientCertificates, "clientCertificates");
        Objects.requireNonNull(ipFilter, "ipFilter");
        if (name.isBlank()) {
            throw new IllegalArgumentException("listener name must not be blank");
        }
        if (clientCertificates.isPresent() && !tls) {
            throw new IllegalArgumentException("listener '" + name + "': client certificates need TLS");
        }
    }

    public ListenerConfig(String name, InetSocketAddress bind, boolean tls, boolean allowUnencrypted) {
        this(name, bind, tls, allowUnencrypted, Optional.empty(), IpFilter.ALLOW_ALL);
    }

    public ListenerConfig(String name, InetSocketAddress bind, boolean tls, boolean allowUnencrypted,
                          Optional<ClientCertificateAuth> clientCertificates) {
        this(name, bind, tls, allowUnencrypted, clientCertificates, IpFilter.ALLOW_ALL);
    }

    /** This listener with client certificate authentication. */
    public ListenerConfig withClientCertificates(ClientCertificateAuth auth) {
        return new ListenerConfig(name, bind, tls, allowUnencrypted, Optional.of(auth), ipFilter);
    }

    /** This listener accepting connections only from addresses {@code filter} allows. */
    public ListenerConfig withIpFilter(IpFilter filter) {
        return new ListenerConfig(name, bind, tls, allowUnencrypted, clientCertificates, filter);
    }

    /** Whether a scheme that sends secrets in clear may be used on this listener. */
    boolean permitsCleartextSecrets() {
        return tls || allowUnencrypted;
    }

    /** Whether unencrypted SOAP bodies are accepted after authentication (TLS, or AllowUnencrypted). */
    boolean acceptsPlaintextMessages() {
        return tls || allowUnencrypted;
    }
}
