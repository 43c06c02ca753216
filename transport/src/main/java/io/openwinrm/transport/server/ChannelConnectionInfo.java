package io.openwinrm.transport.server;

import io.openwinrm.auth.spi.ConnectionInfo;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ConnectionInfo} of one accepted channel.
 *
 * @param tlsServerEndPoint the RFC 5929 channel binding hash on TLS connections, else {@code null}
 * @param peerCertificates  the client chain the TLS layer verified (leaf first), empty when none was sent
 */
record ChannelConnectionInfo(InetSocketAddress remoteAddress, InetSocketAddress localAddress, boolean secure,
                             String listenerName, byte[] tlsServerEndPointHash,
                             List<X509Certificate> peerCertificates) implements ConnectionInfo {

    ChannelConnectionInfo {
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(localAddress, "localAddress");
        tlsServerEndPointHash = tlsServerEndPointHash == null ? null : tlsServerEndPointHash.clone();
        peerCertificates = List.copyOf(peerCertificates);
    }

    ChannelConnectionInfo(InetSocketAddress remoteAddress, InetSocketAddress localAddress, boolean secure,
                          String listenerName) {
        this(remoteAddress, localAddress, secure, listenerName, null, List.of());
    }

    @Override
    public byte[] tlsServerEndPointHash() {
        return tlsServerEndPointHash == null ? null : tlsServerEndPointHash.clone();
    }

    @Override
    public Optional<byte[]> tlsServerEndPoint() {
        return Optional.ofNullable(tlsServerEndPointHash());
    }
}
