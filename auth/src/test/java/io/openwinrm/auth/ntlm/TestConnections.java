package io.openwinrm.auth.ntlm;

import io.openwinrm.auth.spi.ConnectionInfo;
import java.net.InetSocketAddress;
import java.util.Optional;

/** ConnectionInfo stubs for tests. */
public final class TestConnections {

    private TestConnections() {
    }

    public static final ConnectionInfo PLAIN = of(false, null);

    public static ConnectionInfo of(boolean secure, byte[] tlsServerEndPoint) {
        return new ConnectionInfo() {
            @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress("127.0.0.1", 40000); }
            @Override public InetSocketAddress localAddress() { return new InetSocketAddress("127.0.0.1", 5985); }
            @Override public boolean secure() { return secure; }
            @Override public String listenerName() { return secure ? "https" : "http"; }
            @Override public Optional<byte[]> tlsServerEndPoint() {
                return Optional.ofNullable(tlsServerEndPoint).map(byte[]::clone);
            }
        };
    }
}
