package io.openwinrm.transport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.transport.tls.SelfSignedCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    private static HttpConnection.ResponseReader.Result parse(String wire) throws IOException {
        return HttpConnection.ResponseReader.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)),
                false, 1024, () -> { });
    }

    @Test
    void readsContentLengthChunkedAndCloseDelimitedBodies() throws IOException {
        var fixed = parse("HTTP/1.1 200 OK\r\ncontent-length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhelloEXTRA");
        assertThat(new String(fixed.response().body())).isEqualTo("hello");
        assertThat(fixed.response().headerValues("X-A")).containsExactly("1", "2");
        assertThat(fixed.response().header("Content-Length")).contains("5");
        assertThat(fixed.keepAlive()).isTrue();

        var chunked = parse("HTTP/1.1 500 Internal\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n");
        assertThat(chunked.response().status()).isEqualTo(500);
        assertThat(new String(chunked.response().body())).isEqualTo("abc0123456789");

        var close = parse("HTTP/1.0 200 OK\r\n\r\nuntil the end");
        assertThat(new String(close.response().body())).isEqualTo("until the end");
        assertThat(close.keepAlive()).isFalse();

        assertThat(parse("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").keepAlive())
                .isFalse();
    }

    @Test
    void rejectsMalformedAndOversizedResponses() {
        assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH\r\n\r\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("status line");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n"))
                .hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"))
                .hasMessageContaining("5 of 10");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
                .hasMessageContaining("chunk size");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"))
                .hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> parse("")).isInstanceOf(java.io.EOFException.class);
    }

    @Test
    void refusesHeaderInjectionAndTransferEncoding() {
        HttpConnection c = new HttpConnection("127.0.0.1", 1, null, HttpConnection.Options.defaults());
        assertThatThrownBy(() -> c.exchange("POST", "/wsman", List.of(Map.entry("X", "a\r\nEvil: 1")), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.exchange("POST", "/wsman", List.of(Map.entry("Transfer-Encoding", "chunked")),
                new byte[0])).hasMessageContaining("Content-Length");
    }

    /** A one-thread server that answers each request with its index and closes after every {@code closeEvery}. */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        final AtomicInteger requests = new AtomicInteger();
        final List<String> heads = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Thread thread;

        ScriptedServer(int closeEvery) throws IOException {
            thread = new Thread(() -> {
                try {
                    while (!socket.isClosed()) {
                        try (Socket s = socket.accept()) {
                            InputStream in = s.getInputStream();
                            for (int i = 0; i < closeEvery; i++) {
                                String head = readHead(in);
                                if (head == null) {
                                    break;
                                }
                                heads.add(head);
                                int len = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                                in.readNBytes(len);
                                byte[] body = ("r" + requests.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
                                s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length
                                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                                s.getOutputStream().write(body);
                                s.getOutputStream().flush();
                            }
                        }
                    }
                } catch (IOException closed) {
                    // server socket closed
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        static String readHead(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                sb.append((char) b);
                if (sb.toString().endsWith("\r\n\r\n")) {
                    return sb.toString();
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void reusesTheConnectionAndSendsContentLength() throws Exception {
        try (ScriptedServer server = new ScriptedServer(100);
             HttpConnection c = new HttpConnection("127.0.0.1", server.socket.getLocalPort(), null,
                     HttpConnection.Options.defaults())) {
            for (int i = 1; i <= 3; i++) {
                HttpResponse r = c.exchange("POST", "/wsman", List.of(Map.entry("User-Agent", "t")), "abc".getBytes());
                assertThat(new String(r.body())).isEqualTo("r" + i);
            }
            assertThat(c.connectionsOpened()).isEqualTo(1);
            assertThat(server.heads.get(0)).startsWith("POST /wsman HTTP/1.1\r\n").contains("Content-Length: 3\r\n")
                    .contains("Host: 127.0.0.1:" + server.socket.getLocalPort()).doesNotContain("chunked");
        }
    }

    @Test
    void reconnectsOnceWhenTheServerClosedAKeptAliveConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer(1);
             HttpConnection c = new HttpConnection("127.0.0.1", server.socket.getLocalPort(), null,
                     HttpConnection.Options.defaults())) {
            assertThat(new String(c.exchange("POST", "/wsman", List.of(), new byte[0]).body())).isEqualTo("r1");
            assertThat(c.isFresh()).isTrue();
            Thread.sleep(50);
            assertThat(new String(c.exchange("POST", "/wsman", List.of(), new byte[0]).body())).isEqualTo("r2");
            assertThat(c.isFresh()).as("second exchange needed a new connection").isTrue();
            assertThat(c.connectionsOpened()).isEqualTo(2);
            assertThat(server.requests).as("request delivered once").hasValue(2);
        }
    }

    @Test
    void pinnedFingerprintAcceptsOnlyTheRightCertificate() throws Exception {
        SelfSignedCertificates.CertificateAndKey other = SelfSignedCertificates.generate("other");
        var ok = TlsClientSettings.pinned(other.fingerprint().replace(":", "").toLowerCase());
        assertThat(ok.trustMode()).isEqualTo(TlsClientSettings.TrustMode.PINNED);
        assertThat(ok.verifiesHostName()).isFalse();
        assertThat(TlsClientSettings.systemDefault().verifiesHostName()).isTrue();
        assertThatThrownBy(() -> TlsClientSettings.pinned("AB:CD")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefersGcmSuites() {
        String[] ordered = TlsClientSettings.gcmFirst(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"});
        assertThat(ordered).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
    }
}
