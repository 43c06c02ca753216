package io.openwinrm.transport.server;

import static io.openwinrm.transport.server.ServerFixture.PASSWORD;
import static io.openwinrm.transport.server.ServerFixture.USER;
import static io.openwinrm.transport.server.ServerFixture.basic;
import static io.openwinrm.transport.server.ServerFixture.plainConnection;
import static io.openwinrm.transport.server.ServerFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.transport.client.HttpConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits on what a client holds before authenticating, through the real Netty server. */
class PreAuthenticationLimitsTest {

    private static final String HEAD = "POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n";

    /** Reads one response head (up to the blank line) and its body of Content-Length bytes. */
    static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) b);
        }
        String h = head.toString();
        int at = h.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
        int length = at < 0 ? 0 : Integer.parseInt(h.substring(at + 16, h.indexOf("\r\n", at)).trim());
        return h + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed the socket (EOF or reset) within the socket's read timeout. */
    static boolean closedByServer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    @Test
    void anUnauthenticatedRequestIsAnsweredBeforeItsBodyIsSentAndTheConnectionIsKept() throws Exception {
        try (ServerFixture fx = new ServerFixture();
             Socket s = new Socket("127.0.0.1", fx.httpOpen.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((HEAD + "Content-Length: 512000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 401 ")
                    .contains("WWW-Authenticate: Basic").doesNotContain("Connection: close");
            out.write(new byte[512_000]);
            out.write((HEAD + "Authorization: " + basic(USER, PASSWORD) + "\r\nContent-Length: 4\r\n\r\n<a/>")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 ").endsWith("echo:<a/>");
            assertThat(fx.handler.handled).hasValue(1);
        }
    }

    @Test
    void connectionsBeyondThePerAddressLimitAreClosedAtAccept() throws Exception {
        try (ServerFixture fx = new ServerFixture(b -> b.limits(TransportLimits.defaults().withMaxConnections(3, 2)))) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    held.add(new Socket("127.0.0.1", fx.httpOpen.getPort()));
                }
                try (Socket third = new Socket("127.0.0.1", fx.httpOpen.getPort())) {
                    third.setSoTimeout(5000);
                    assertThat(closedByServer(third)).as("third from 127.0.0.1").isTrue();
                }
                // another client address still gets in, up to the total
                Socket other = new Socket();
                other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                other.connect(fx.httpOpen);
                held.add(other);
                try (HttpConnection c = plainConnection(fx.httpOpen)) {
                    assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                            post(c, "<a/>", "Authorization", basic(USER, PASSWORD))))
                            .as("the server holds its total of 3").isInstanceOf(IOException.class);
                }
                held.remove(0).close();
                held.remove(1).close();
                Thread.sleep(200); // the server sees the close
                try (HttpConnection c = plainConnection(fx.httpOpen)) {
                    assertThat(post(c, "<a/>", "Authorization", basic(USER, PASSWORD)).status()).isEqualTo(200);
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aRequestBodyThatDoesNotArriveInTimeEndsTheConnection() throws Exception {
        try (ServerFixture fx = new ServerFixture(b -> b.limits(TransportLimits.defaults()
                .withRequestReadTimeout(Duration.ofMillis(800))));
             Socket s = new Socket("127.0.0.1", fx.httpOpen.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((HEAD + "Authorization: " + basic(USER, PASSWORD) + "\r\nContent-Length: 1000\r\n\r\nabc")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 408 ").contains("Connection: close");
            assertThat(closedByServer(s)).isTrue();
            assertThat(fx.handler.handled).hasValue(0);
        }
    }
}
