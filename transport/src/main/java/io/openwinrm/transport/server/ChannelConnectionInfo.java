package io.openwinrm.transport.server;

import io.openwinrm.auth.spi.ConnectionInfo;
import java.net.InetSocketAddress;

/** {@link ConnectionInfo} of one accepted channel. */
record ChannelConnectionInfo(InetSocketAddress remoteAddress, InetSocketAddress localAddress, boolean secure,
                             String listenerName) implements ConnectionInfo {
}
