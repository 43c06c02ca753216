package io.openwinrm.transport.server;

import io.openwinrm.auth.basic.BasicAuthMechanismFactory;
import io.openwinrm.auth.spi.PasswordAuthenticator;
import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.HttpResponse;
import io.openwinrm.transport.client.TlsClientSettings;
import io.openwinrm.transport.tls.SelfSignedCertificates;
import io.openwinrm.transport.tls.ServerSslContexts;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running server with three listeners (https, plain http, plain http with AllowUnencrypted) and one user
 * alice/secret, plus client helpers.
 */
final class ServerFixture implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "s3cret:pw";
    static final SelfSignedCertificates.CertificateAndKey CERT = SelfSignedCertificates.generate("localhost");

    final StubHandler handler = new StubHandler();
    final AtomicInteger passwordChecks = new AtomicInteger();
    final WsmanHttpServer server;
    final InetSocketAddress https;
    final InetSocketAddress http;
    final InetSocketAddress httpOpen;
    /** All bound listener addresses, in order (listeners a customizer adds come after the three above). */
    final List<InetSocketAddress> bound;

    ServerFixture() throws Exception {
        this(b -> { });
    }

    ServerFixture(java.util.function.Consumer<WsmanHttpServer.Builder> customizer) throws Exception {
        Path dir = Files.createTempDirectory("owrm-tls");
        CERT.write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        PasswordAuthenticator auth = (user, password, conn) -> {
            passwordChecks.incrementAndGet();
            return USER.equals(user) && PASSWORD.equals(new String(password));
        };
        WsmanHttpServer.Builder b = WsmanHttpServer.builder()
                .listener(new ListenerConfig("https", new InetSocketAddress("127.0.0.1", 0), true, false))
                .listener(new ListenerConfig("http", new InetSocketAddress("127.0.0.1", 0), false, false))
                .listener(new ListenerConfig("http-open", new InetSocketAddress("127.0.0.1", 0), false, true))
                .tls(ServerSslContexts.fromPem(dir.resolve("cert.pem"), dir.resolve("key.pem")))
                .authMechanism(new BasicAuthMechanismFactory(auth))
                .handler(handler)
                .ioThreads(1)
                .authThreads(1);
        customizer.accept(b);
        server = b.build();
        bound = server.start();
        https = bound.get(0);
        http = bound.get(1);
        httpOpen = bound.get(2);
        for (Path p : List.of(dir.resolve("cert.pem"), dir.resolve("key.pem"), dir)) {
            Files.delete(p);
        }
    }

    HttpConnection tlsConnection() {
        return new HttpConnection("127.0.0.1", https.getPort(), TlsClientSettings.pinned(CERT.fingerprint()),
                HttpConnection.Options.defaults());
    }

    static HttpConnection plainConnection(InetSocketAddress address) {
        return new HttpConnection("127.0.0.1", address.getPort(), null, HttpConnection.Options.defaults());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static List<Map.Entry<String, String>> headers(String... nameValues) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        list.add(Map.entry("Content-Type", "application/soap+xml;charset=UTF-8"));
        for (int i = 0; i < nameValues.length; i += 2) {
            list.add(Map.entry(nameValues[i], nameValues[i + 1]));
        }
        return list;
    }

    static HttpResponse post(HttpConnection c, String body, String... headers) throws Exception {
        return c.exchange("POST", "/wsman", headers(headers), body.getBytes(StandardCharsets.UTF_8));
    }

    static String text(HttpResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static Duration shortIdle() {
        // long enough for a TLS handshake plus a password check on a loaded 2-core machine
        return Duration.ofMillis(1500);
    }

    @Override
    public void close() {
        server.close();
    }
}
