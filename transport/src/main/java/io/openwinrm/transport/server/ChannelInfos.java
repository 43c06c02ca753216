package io.openwinrm.transport.server;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/** Builds the {@link ChannelConnectionInfo} of an accepted channel. */
final class ChannelInfos {

    private ChannelInfos() {
    }

    static ChannelConnectionInfo of(Channel channel, ListenerConfig listener) {
        return new ChannelConnectionInfo(address(channel.remoteAddress()), address(channel.localAddress()),
                listener.tls(), listener.name());
    }

    private static InetSocketAddress address(java.net.SocketAddress a) {
        return a instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
    }
}
