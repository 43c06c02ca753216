package io.openwinrm.transport.server;

import static io.openwinrm.transport.server.ServerFixture.PASSWORD;
import static io.openwinrm.transport.server.ServerFixture.USER;
import static io.openwinrm.transport.server.ServerFixture.basic;
import static io.openwinrm.transport.server.ServerFixture.plainConnection;
import static io.openwinrm.transport.server.ServerFixture.post;
import static io.openwinrm.transport.server.ServerFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.HttpResponse;
import io.openwinrm.transport.client.TlsClientSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WsmanHttpServerTest {

    private static ServerFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(b -> b.authThrottle(AuthThrottleSettings.disabled()).maxEnvelopeSizeKb(8));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() {
        fx.handler.handled.set(0);
        fx.handler.identified.set(0);
        fx.handler.requests.clear();
    }

    @Test
    void noCredentialsGets401WithOneChallengeLinePerSchemeAndEmptyBody() throws Exception {
        try (HttpConnection c = fx.tlsConnection()) {
            HttpResponse r = post(c, "<x/>");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.headerValues("WWW-Authenticate")).containsExactly("Basic realm=\"WSMAN\"");
            assertThat(r.header("Content-Length")).contains("0");
            assertThat(r.header("Server")).contains("OpenWinRM");
            assertThat(r.body()).isEmpty();
        }
        assertThat(fx.handler.handled).hasValue(0);
    }

    @Test
    void wrongPasswordUnknownSchemeAndBadBase64Get401AndNeverReachTheHandler() throws Exception {
        try (HttpConnection c = fx.tlsConnection()) {
            assertThat(post(c, "<x/>", "Authorization", basic(USER, "wrong")).status()).isEqualTo(401);
            assertThat(post(c, "<x/>", "Authorization", basic("bob", PASSWORD)).status()).isEqualTo(401);
            assertThat(post(c, "<x/>", "Authorization", "Negotiate TlRMTVNTUAAB").status()).isEqualTo(401);
            HttpResponse bad = post(c, "<x/>", "Authorization", "Basic !!!not-base64");
            assertThat(bad.status()).isEqualTo(401);
            assertThat(bad.headerValues("WWW-Authenticate")).containsExactly("Basic realm=\"WSMAN\"");
            assertThat(c.connectionsOpened()).as("401s keep the connection").isEqualTo(1);
        }
        assertThat(fx.handler.handled).hasValue(0);
    }

    @Test
    void correctBasicOverTlsReachesTheHandler() throws Exception {
        try (HttpConnection c = fx.tlsConnection()) {
            HttpResponse r = post(c, "<hello/>", "Authorization", basic(USER, PASSWORD));
            assertThat(r.status()).isEqualTo(200);
            assertThat(text(r)).isEqualTo("echo:<hello/>");
            assertThat(r.header("Content-Type")).contains("application/soap+xml;charset=UTF-8");
            assertThat(r.header("Content-Length")).contains("13");
            assertThat(r.header("Transfer-Encoding")).isEmpty();
        }
        assertThat(fx.handler.handled).hasValue(1);
        WsmanHttpRequest seen = fx.handler.requests.get(0);
        assertThat(seen.user().name()).isEqualTo(USER);
        assertThat(seen.user().mechanism()).isEqualTo("Basic");
        assertThat(seen.secure()).isTrue();
        assertThat(seen.listenerName()).isEqualTo("https");
        assertThat(seen.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(seen.remote().getAddress().isLoopbackAddress()).isTrue();
        assertThat(seen.local().getPort()).isEqualTo(fx.https.getPort());
    }

    @Test
    void basicIsRefusedOverPlainHttpUnlessUnencryptedIsAllowed() throws Exception {
        int checksBefore = fx.passwordChecks.get();
        try (HttpConnection c = plainConnection(fx.http)) {
            HttpResponse challenge = post(c, "<x/>");
            assertThat(challenge.status()).isEqualTo(401);
            assertThat(challenge.headerValues("WWW-Authenticate")).as("Basic not offered").isEmpty();
            HttpResponse refused = post(c, "<x/>", "Authorization", basic(USER, PASSWORD));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(text(refused)).contains("Basic authentication over HTTP is refused: use HTTPS or allow unencrypted traffic");
        }
        assertThat(fx.passwordChecks).as("password never checked on refused channel").hasValue(checksBefore);
        assertThat(fx.handler.handled).hasValue(0);
        try (HttpConnection c = plainConnection(fx.httpOpen)) {
            assertThat(post(c, "<x/>").headerValues("WWW-Authenticate")).containsExactly("Basic realm=\"WSMAN\"");
            HttpResponse ok = post(c, "<x/>", "Authorization", basic(USER, PASSWORD));
            assertThat(ok.status()).isEqualTo(200);
        }
        assertThat(fx.handler.handled).hasValue(1);
        assertThat(fx.handler.requests.get(0).secure()).isFalse();
        assertThat(fx.handler.requests.get(0).listenerName()).isEqualTo("http-open");
    }

    @Test
    void oversizedContentLengthGets413WithoutTheBodyBeingSent() throws Exception {
        try (Socket s = new Socket("127.0.0.1", fx.httpOpen.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /wsman HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic(USER, PASSWORD)
                    + "\r\nContent-Length: 100000000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 413 ").contains("Connection: close")
                    .contains("exceeds the limit of 8192 bytes");
        }
        assertThat(fx.handler.handled).hasValue(0);
    }

    @Test
    void bodyJustAtTheLimitIsAccepted() throws Exception {
        try (HttpConnection c = plainConnection(fx.httpOpen)) {
            HttpResponse r = post(c, "x".repeat(8192), "Authorization", basic(USER, PASSWORD));
            assertThat(r.status()).isEqualTo(200);
            HttpResponse over = post(c, "x".repeat(8193), "Authorization", basic(USER, PASSWORD));
            assertThat(over.status()).isEqualTo(413);
        }
    }

    @Test
    void formPostWithValidCredentialsGets415BeforeThePasswordIsChecked() throws Exception {
        int checksBefore = fx.passwordChecks.get();
        try (HttpConnection c = plainConnection(fx.httpOpen)) {
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x")) {
                HttpResponse r = c.exchange("POST", "/wsman", List.of(Map.entry("Content-Type", type),
                        Map.entry("Authorization", basic(USER, PASSWORD))), "a=b".getBytes(StandardCharsets.UTF_8));
                assertThat(r.status()).as(type).isEqualTo(415);
            }
            HttpResponse none = c.exchange("POST", "/wsman", List.of(Map.entry("Authorization",
                    basic(USER, PASSWORD))), "a=b".getBytes(StandardCharsets.UTF_8));
            assertThat(none.status()).isEqualTo(415);
            assertThat(post(c, "<ok/>", "Authorization", basic(USER, PASSWORD)).status()).isEqualTo(200);
            assertThat(c.connectionsOpened()).as("415 keeps the connection").isEqualTo(1);
        }
        assertThat(fx.passwordChecks.get() - checksBefore).as("only the SOAP request was authenticated").isEqualTo(1);
        assertThat(fx.handler.handled).hasValue(1);
    }

    @Test
    void chunkedRequestsAreRefused() throws Exception {
        String response = raw(fx.httpOpen.getPort(), "POST /wsman HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Authorization: " + basic(USER, PASSWORD) + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 ").contains("Chunked transfer encoding is not supported");
        assertThat(fx.handler.handled).hasValue(0);
    }

    @Test
    void wrongPathAndMethodGet404And405() throws Exception {
        try (HttpConnection c = plainConnection(fx.httpOpen)) {
            HttpResponse notFound = c.exchange("POST", "/other", ServerFixture.headers("Authorization",
                    basic(USER, PASSWORD)), new byte[0]);
            assertThat(notFound.status()).isEqualTo(404);
        }
        try (HttpConnection c = plainConnection(fx.httpOpen)) {
            HttpResponse notAllowed = c.exchange("GET", "/wsman", List.of(), new byte[0]);
            assertThat(notAllowed.status()).isEqualTo(405);
            assertThat(notAllowed.header("Allow")).contains("POST");
        }
        try (HttpConnection c = plainConnection(fx.httpOpen)) {
            HttpResponse withQuery = c.exchange("POST", "/WSMAN?PSVersion=5.1",
                    ServerFixture.headers("Authorization", basic(USER, PASSWORD)), new byte[0]);
            assertThat(withQuery.status()).isEqualTo(200);
        }
        assertThat(fx.handler.handled).hasValue(1);
    }

    @Test
    void anonymousIdentifyGoesOnlyToIdentifyAnonymously() throws Exception {
        try (HttpConnection c = fx.tlsConnection()) {
            HttpResponse r = post(c, "<identify/>", "WSMANIDENTIFY", "unauthenticated");
            assertThat(r.status()).isEqualTo(200);
            assertThat(text(r)).isEqualTo("identify");
            HttpResponse withBadCredentials = post(c, "<identify/>", "WSMANIDENTIFY", "unauthenticated",
                    "Authorization", basic(USER, "wrong"));
            assertThat(withBadCredentials.status()).isEqualTo(401);
            HttpResponse withGoodCredentials = post(c, "<identify/>", "WSMANIDENTIFY", "unauthenticated",
                    "Authorization", basic(USER, PASSWORD));
            assertThat(text(withGoodCredentials)).isEqualTo("echo:<identify/>");
        }
        assertThat(fx.handler.identified).hasValue(1);
        assertThat(fx.handler.handled).hasValue(1);
        assertThat(fx.handler.requests.get(0).user()).isNull();
        assertThat(fx.handler.requests.get(0).anonymous()).isTrue();
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (HttpConnection c = fx.tlsConnection()) {
            for (int i = 0; i < 5; i++) {
                HttpResponse r = post(c, "<n>" + i + "</n>", "Authorization", basic(USER, PASSWORD));
                assertThat(text(r)).isEqualTo("echo:<n>" + i + "</n>");
                assertThat(c.isFresh()).isEqualTo(i == 0);
            }
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
        assertThat(fx.handler.handled).hasValue(5);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        fx.handler.behaviour = r -> {
            String body = new String(r.body(), StandardCharsets.UTF_8);
            CompletableFuture<WsmanReply> f = new CompletableFuture<>();
            long delay = body.equals("first") ? 100 : 0;
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                    .execute(() -> f.complete(WsmanReply.ok(("re:" + body).getBytes(StandardCharsets.UTF_8))));
            return f;
        };
        try {
            String auth = "Authorization: " + basic(USER, PASSWORD) + "\r\nContent-Type: application/soap+xml\r\n";
            String one = "POST /wsman HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 5\r\n\r\nfirst";
            String two = "POST /wsman HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 6\r\nConnection: close\r\n\r\nsecond";
            String response = raw(fx.httpOpen.getPort(), one + two);
            assertThat(response.indexOf("re:first")).isPositive().isLessThan(response.indexOf("re:second"));
        } finally {
            fx.handler.behaviour = new StubHandler().behaviour;
        }
    }

    @Test
    void handlerFailureBecomes500AndTheConnectionStaysUsable() throws Exception {
        fx.handler.behaviour = r -> {
            if (new String(r.body(), StandardCharsets.UTF_8).equals("throw")) {
                throw new IllegalStateException("boom");
            }
            return CompletableFuture.failedFuture(new IllegalStateException("async boom"));
        };
        try (HttpConnection c = plainConnection(fx.httpOpen)) {
            HttpResponse thrown = post(c, "throw", "Authorization", basic(USER, PASSWORD));
            assertThat(thrown.status()).isEqualTo(500);
            assertThat(thrown.body()).isEmpty();
            assertThat(post(c, "fail", "Authorization", basic(USER, PASSWORD)).status()).isEqualTo(500);
            fx.handler.behaviour = new StubHandler().behaviour;
            assertThat(post(c, "ok", "Authorization", basic(USER, PASSWORD)).status()).isEqualTo(200);
            assertThat(c.connectionsOpened()).isEqualTo(1);
        } finally {
            fx.handler.behaviour = new StubHandler().behaviour;
        }
    }

    @Test
    void charsetComesFromContentType() throws Exception {
        try (HttpConnection c = plainConnection(fx.httpOpen)) {
            byte[] utf16 = "<\u00e9/>".getBytes(StandardCharsets.UTF_16LE);
            HttpResponse r = c.exchange("POST", "/wsman", List.of(Map.entry("Content-Type",
                    "application/soap+xml;charset=UTF-16LE"), Map.entry("Authorization", basic(USER, PASSWORD))), utf16);
            assertThat(text(r)).isEqualTo("echo:<\u00e9/>");
            HttpResponse bad = c.exchange("POST", "/wsman", List.of(Map.entry("Content-Type",
                    "application/soap+xml;charset=ISO-8859-1"), Map.entry("Authorization", basic(USER, PASSWORD))), utf16);
            assertThat(bad.status()).isEqualTo(415);
        }
        assertThat(fx.handler.requests.get(0).charset()).isEqualTo(StandardCharsets.UTF_16LE);
    }

    @Test
    void jdkHttpClientInteroperates() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TlsClientSettings.pinned(ServerFixture.CERT.fingerprint()).sslContext())
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("https://127.0.0.1:" + fx.https.getPort() + "/wsman");
        var anonymous = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("<a/>"))
                .header("Content-Type", "application/soap+xml;charset=UTF-8").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        var ok = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("<a/>"))
                .header("Content-Type", "application/soap+xml;charset=UTF-8")
                .header("Authorization", basic(USER, PASSWORD)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("echo:<a/>");
    }

    static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
