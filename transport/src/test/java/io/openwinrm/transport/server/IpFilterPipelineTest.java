package io.openwinrm.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The filter closes a refused client's connection at accept, before TLS and without an HTTP answer. */
class IpFilterPipelineTest {

    private static final IpFilter NOT_LOOPBACK = IpFilter.parse("10.0.0.0/8", "2001:db8::/32");
    private static final IpFilter LOOPBACK = IpFilter.parse("127.0.0.1", "::1");

    private static String exchange(InetSocketAddress address, byte[] request) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(address, 2000);
            s.setSoTimeout(5000);
            try {
                OutputStream out = s.getOutputStream();
                out.write(request);
                out.flush();
            } catch (SocketException closedAlready) {
                // the server may have closed (or reset) before the write: still no reply
            }
            InputStream in = s.getInputStream();
            try {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (SocketException reset) {
                return "";
            }
        }
    }

    private static final byte[] POST = ("POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    @Test
    void refusedAddressGetsNoReplyAndAllowedOneIsAnswered() throws Exception {
        try (ServerFixture f = new ServerFixture(b -> b
                .listener(new ListenerConfig("http-refuse", new InetSocketAddress("127.0.0.1", 0), false, false)
                        .withIpFilter(NOT_LOOPBACK))
                .listener(new ListenerConfig("https-refuse", new InetSocketAddress("127.0.0.1", 0), true, false)
                        .withIpFilter(NOT_LOOPBACK))
                .listener(new ListenerConfig("http-allow", new InetSocketAddress("127.0.0.1", 0), false, false)
                        .withIpFilter(LOOPBACK)))) {
            InetSocketAddress refuse = f.bound.get(3);
            InetSocketAddress refuseTls = f.bound.get(4);
            InetSocketAddress allow = f.bound.get(5);
            assertThat(exchange(refuse, POST)).isEmpty();
            // a TLS ClientHello-ish start gets no ServerHello or alert: nothing at all
            assertThat(exchange(refuseTls, new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 0, 0, 1, 0})).isEmpty();
            assertThat(exchange(allow, POST)).startsWith("HTTP/1.1 401");
            assertThat(f.handler.handled.get()).isZero();
        }
    }
}
