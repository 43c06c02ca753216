package io.openwinrm.transport.server;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.openwinrm.transport.tls.TlsChannelBinding;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Builds the {@link ChannelConnectionInfo} of an accepted channel. */
final class ChannelInfos {

    private ChannelInfos() {
    }

    /** Addresses and listener only; cheap, for every request. */
    static ChannelConnectionInfo of(Channel channel, ListenerConfig listener) {
        return new ChannelConnectionInfo(address(channel.remoteAddress()), address(channel.localAddress()),
                listener.tls(), listener.name());
    }

    /**
     * Also the TLS facts: the {@code tls-server-end-point} binding of the certificate this server presented, and the
     * client chain. Call once the handshake is done (any decoded request implies it).
     */
    static ChannelConnectionInfo withTls(Channel channel, ListenerConfig listener) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        SSLSession session = ssl == null ? null : ssl.engine().getSession();
        if (session == null) {
            return of(channel, listener);
        }
        byte[] endPoint = null;
        Certificate[] local = session.getLocalCertificates();
        if (local != null && local.length > 0 && local[0] instanceof X509Certificate leaf) {
            endPoint = TlsChannelBinding.tlsServerEndPoint(leaf);
        }
        List<X509Certificate> peer = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    peer.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            peer.clear();
        }
        return new ChannelConnectionInfo(address(channel.remoteAddress()), address(channel.localAddress()),
                listener.tls(), listener.name(), endPoint, peer);
    }

    private static InetSocketAddress address(java.net.SocketAddress a) {
        return a instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
    }
}
