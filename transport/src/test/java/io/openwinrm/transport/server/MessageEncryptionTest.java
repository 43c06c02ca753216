package io.openwinrm.transport.server;

import static io.openwinrm.transport.server.SealingNegotiateFactory.negotiate;
import static io.openwinrm.transport.server.ServerFixture.plainConnection;
import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.encryption.DecryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessageCodec;
import io.openwinrm.auth.encryption.EncryptionProtocol;
import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP message encryption through the real Netty server with a fake sealing Negotiate scheme. */
class MessageEncryptionTest {

    static final String SPNEGO_CONTENT_TYPE = "multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";"
            + "boundary=\"Encrypted Boundary\"";

    private static final SealingNegotiateFactory NEGOTIATE = new SealingNegotiateFactory();
    private static ServerFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(b -> b.authMechanism(NEGOTIATE).authThrottle(AuthThrottleSettings.disabled()));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() {
        fx.handler.handled.set(0);
        fx.handler.requests.clear();
        fx.handler.behaviour = r -> CompletableFuture.completedFuture(io.openwinrm.transport.server.WsmanReply.ok(
                ("echo:" + new String(r.body(), r.charset())).getBytes(StandardCharsets.UTF_8)));
        NEGOTIATE.connections.clear();
    }

    /** What pywinrm does: empty POST, 401, NEGOTIATE leg, AUTHENTICATE leg on the empty body. */
    static FakeSealingContext handshake(HttpConnection c, int session) throws Exception {
        HttpResponse leg1 = exchange(c, new byte[0], List.of(Map.entry("Authorization", negotiate("hello"))));
        assertThat(leg1.status()).isEqualTo(401);
        assertThat(leg1.headerValues("WWW-Authenticate")).containsExactly(negotiate("challenge"));
        HttpResponse leg2 = exchange(c, new byte[0], List.of(Map.entry("Authorization", negotiate("answer:" + session))));
        assertThat(leg2.status()).as("the empty POST that completes authentication").isEqualTo(200);
        assertThat(leg2.body()).isEmpty();
        assertThat(leg2.headerValues("WWW-Authenticate")).containsExactly(negotiate("done"));
        return FakeSealingContext.pair(EncryptionProtocol.SPNEGO, session)[0];
    }

    static HttpResponse exchange(HttpConnection c, byte[] body, List<Map.Entry<String, String>> headers)
            throws Exception {
        return c.exchange("POST", "/wsman", headers, body);
    }

    static HttpResponse sendEncrypted(HttpConnection c, FakeSealingContext client, String soap) throws Exception {
        EncryptedMessage m = EncryptedMessageCodec.encode(client, soap.getBytes(StandardCharsets.UTF_8),
                EncryptionProtocol.SOAP_UTF8);
        return exchange(c, m.body(), List.of(Map.entry("Content-Type", m.contentType())));
    }

    static String decrypt(HttpResponse r, FakeSealingContext client) throws Exception {
        DecryptedMessage d = EncryptedMessageCodec.decode(r.header("Content-Type").orElseThrow(), r.body(), client);
        return new String(d.plaintext(), d.charset());
    }

    @Test
    void encryptedRequestsAreDecryptedBeforeDispatchAndRepliesEncrypted() throws Exception {
        try (HttpConnection c = plainConnection(fx.http)) {
            HttpResponse first = exchange(c, new byte[0], List.of());
            assertThat(first.status()).isEqualTo(401);
            FakeSealingContext client = handshake(c, 1);
            assertThat(fx.handler.handled).as("empty POSTs are not dispatched").hasValue(0);
            for (int i = 0; i < 3; i++) {
                HttpResponse r = sendEncrypted(c, client, "<m" + i + ">caf\u00e9</m" + i + ">");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("Content-Type")).contains(SPNEGO_CONTENT_TYPE);
                assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).doesNotContain("echo");
                assertThat(decrypt(r, client)).isEqualTo("echo:<m" + i + ">caf\u00e9</m" + i + ">");
            }
            HttpResponse empty = exchange(c, new byte[0], List.of());
            assertThat(empty.status()).as("an empty POST without credentials after authentication").isEqualTo(401);
            assertThat(empty.headerValues("WWW-Authenticate")).contains("Negotiate");
            // not followed by a handshake: the connection's authentication and context still serve
            assertThat(decrypt(sendEncrypted(c, client, "<after/>"), client)).isEqualTo("echo:<after/>");
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
        assertThat(fx.handler.handled).hasValue(4);
        WsmanHttpRequest seen = fx.handler.requests.get(0);
        assertThat(new String(seen.body(), seen.charset())).isEqualTo("<m0>caf\u00e9</m0>");
        assertThat(seen.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(seen.user().name()).isEqualTo("bob");
        assertThat(seen.secure()).isFalse();
    }

    @Test
    void replyEchoesTheRequestsProtocolStringAndFaultsAreEncrypted() throws Exception {
        fx.handler.behaviour = r -> CompletableFuture.completedFuture(
                WsmanReply.fault("<s:Fault/>".getBytes(StandardCharsets.UTF_8)));
        try (HttpConnection c = plainConnection(fx.http)) {
            FakeSealingContext client = handshake(c, 2);
            EncryptedMessage m = EncryptedMessageCodec.encode(client, "application/http-spnego-SESSION-encrypted",
                    "<x/>".getBytes(StandardCharsets.UTF_8), EncryptionProtocol.SOAP_UTF8);
            HttpResponse r = exchange(c, m.body(), List.of(Map.entry("Content-Type",
                    "multipart/encrypted;protocol=\"application/http-spnego-SESSION-encrypted\";boundary=\"Encrypted Boundary\"")));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.header("Content-Type")).contains(
                    "multipart/encrypted;protocol=\"application/http-spnego-SESSION-encrypted\";boundary=\"Encrypted Boundary\"");
            assertThat(decrypt(r, client)).isEqualTo("<s:Fault/>");
        }
    }

    @Test
    void plaintextAfterAuthenticationIsRefusedOnHttpButTheConnectionStaysUsable() throws Exception {
        try (HttpConnection c = plainConnection(fx.http)) {
            FakeSealingContext client = handshake(c, 3);
            HttpResponse refused = exchange(c, "<plain/>".getBytes(StandardCharsets.UTF_8),
                    ServerFixture.headers());
            assertThat(refused.status()).isEqualTo(401);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).startsWith("unencrypted messages are refused");
            assertThat(fx.handler.handled).hasValue(0);
            assertThat(decrypt(sendEncrypted(c, client, "<after/>"), client)).isEqualTo("echo:<after/>");
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
        assertThat(fx.handler.handled).hasValue(1);
    }

    @Test
    void plaintextFinalLegOnHttpIsRefusedToo() throws Exception {
        try (HttpConnection c = plainConnection(fx.http)) {
            assertThat(exchange(c, "<x/>".getBytes(StandardCharsets.UTF_8),
                    ServerFixture.headers("Authorization", negotiate("hello"))).status()).isEqualTo(401);
            HttpResponse last = exchange(c, "<x/>".getBytes(StandardCharsets.UTF_8),
                    ServerFixture.headers("Authorization", negotiate("answer:4")));
            assertThat(last.status()).isEqualTo(401);
            assertThat(new String(last.body(), StandardCharsets.UTF_8)).contains("unencrypted messages are refused");
        }
        assertThat(fx.handler.handled).hasValue(0);
    }

    @Test
    void httpsAcceptsPlainAndEncryptedMessagesAndOffersTheChannelBinding() throws Exception {
        try (HttpConnection c = fx.tlsConnection()) {
            FakeSealingContext client = handshake(c, 5);
            HttpResponse plain = exchange(c, "<plain/>".getBytes(StandardCharsets.UTF_8), ServerFixture.headers());
            assertThat(plain.status()).isEqualTo(200);
            assertThat(ServerFixture.text(plain)).isEqualTo("echo:<plain/>");
            HttpResponse enc = sendEncrypted(c, client, "<sealed/>");
            assertThat(enc.header("Content-Type")).contains(SPNEGO_CONTENT_TYPE);
            assertThat(decrypt(enc, client)).isEqualTo("echo:<sealed/>");
        }
        assertThat(fx.handler.handled).hasValue(2);
        assertThat(fx.handler.requests).allMatch(WsmanHttpRequest::secure);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(ServerFixture.CERT.certificate().getEncoded());
        assertThat(NEGOTIATE.connections).isNotEmpty().allSatisfy(info -> {
            assertThat(info.secure()).isTrue();
            assertThat(info.tlsServerEndPoint()).hasValueSatisfying(v -> assertThat(v).isEqualTo(expected));
        });
        NEGOTIATE.connections.clear();
        try (HttpConnection c = plainConnection(fx.http)) {
            handshake(c, 6);
        }
        assertThat(NEGOTIATE.connections).isNotEmpty().allSatisfy(info -> assertThat(info.tlsServerEndPoint()).isEmpty());
    }

    @Test
    void tamperedReplayedOrMislabelledBodiesAreRefusedAndTheConnectionClosed() throws Exception {
        try (HttpConnection c = plainConnection(fx.http)) {
            FakeSealingContext client = handshake(c, 7);
            EncryptedMessage m = EncryptedMessageCodec.encode(client, "<x/>".getBytes(StandardCharsets.UTF_8),
                    EncryptionProtocol.SOAP_UTF8);
            byte[] tampered = m.body().clone();
            tampered[tampered.length - 27] ^= 0x01;
            HttpResponse r = exchange(c, tampered, List.of(Map.entry("Content-Type", m.contentType())));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Connection")).contains("close");
            assertThat(ServerFixture.text(r)).doesNotContain("<x/>");
            HttpResponse after = exchange(c, m.body(), List.of(Map.entry("Content-Type", m.contentType())));
            assertThat(c.connectionsOpened()).as("server closed the connection").isEqualTo(2);
            assertThat(after.status()).as("a new connection is not authenticated").isEqualTo(401);
        }
        try (HttpConnection c = plainConnection(fx.http)) {
            FakeSealingContext client = handshake(c, 8);
            EncryptedMessage m = EncryptedMessageCodec.encode(client, "<x/>".getBytes(StandardCharsets.UTF_8),
                    EncryptionProtocol.SOAP_UTF8);
            assertThat(exchange(c, m.body(), List.of(Map.entry("Content-Type", m.contentType()))).status()).isEqualTo(200);
            HttpResponse replay = exchange(c, m.body(), List.of(Map.entry("Content-Type", m.contentType())));
            assertThat(replay.status()).isEqualTo(400);
            assertThat(replay.header("Connection")).contains("close");
        }
        try (HttpConnection c = plainConnection(fx.http)) {
            FakeSealingContext client = handshake(c, 9);
            EncryptedMessage m = EncryptedMessageCodec.encode(client, "<x/>".getBytes(StandardCharsets.UTF_8),
                    EncryptionProtocol.SOAP_UTF8);
            HttpResponse wrong = exchange(c, m.body(), List.of(Map.entry("Content-Type",
                    m.contentType().replace(EncryptionProtocol.SPNEGO, EncryptionProtocol.KERBEROS))));
            assertThat(wrong.status()).isEqualTo(400);
        }
        assertThat(fx.handler.handled).as("only the one valid message").hasValue(1);
    }

    @Test
    void encryptedBodyWithoutASealingContextIsRefused() throws Exception {
        try (HttpConnection c = fx.tlsConnection()) {
            HttpResponse r = exchange(c, "--Encrypted Boundary--".getBytes(StandardCharsets.US_ASCII), List.of(
                    Map.entry("Content-Type", SPNEGO_CONTENT_TYPE),
                    Map.entry("Authorization", ServerFixture.basic(ServerFixture.USER, ServerFixture.PASSWORD))));
            assertThat(r.status()).isEqualTo(400);
        }
        assertThat(fx.handler.handled).hasValue(0);
    }

    @Test
    void reauthenticationOnALiveConnectionReplacesTheContext() throws Exception {
        try (HttpConnection c = plainConnection(fx.http)) {
            FakeSealingContext first = handshake(c, 10);
            assertThat(decrypt(sendEncrypted(c, first, "<one/>"), first)).isEqualTo("echo:<one/>");
            FakeSealingContext second = handshake(c, 11);
            assertThat(decrypt(sendEncrypted(c, second, "<two/>"), second)).isEqualTo("echo:<two/>");
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
        assertThat(fx.handler.handled).hasValue(2);
    }

    /**
     * Go masterzen/winrm {@code NewEncryption("ntlm")}: before every message an empty POST without credentials,
     * which must be challenged (not answered 200 as authenticated), a fresh handshake on the same connection, then
     * the message sealed with the new context.
     */
    @Test
    void goSealingHandshakeBeforeEveryMessageGetsAChallengeEachTime() throws Exception {
        try (HttpConnection c = plainConnection(fx.http)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse probe = exchange(c, new byte[0], List.of());
                assertThat(probe.status()).as("empty POST %s", i).isEqualTo(401);
                assertThat(probe.headerValues("WWW-Authenticate")).contains("Negotiate");
                FakeSealingContext context = handshake(c, 30 + i);
                assertThat(decrypt(sendEncrypted(c, context, "<msg" + i + "/>"), context))
                        .isEqualTo("echo:<msg" + i + "/>");
            }
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
        assertThat(fx.handler.handled).hasValue(3);
    }

    @Test
    void goStyleFullHandshakeOnEveryRequestDispatchesEachBodyOnce() throws Exception {
        try (HttpConnection c = plainConnection(fx.httpOpen)) {
            for (int i = 0; i < 3; i++) {
                byte[] body = ("<req" + i + "/>").getBytes(StandardCharsets.UTF_8);
                assertThat(exchange(c, body, ServerFixture.headers("Authorization", negotiate("hello"))).status())
                        .isEqualTo(401);
                HttpResponse done = exchange(c, body, ServerFixture.headers("Authorization", negotiate("answer:" + (20 + i))));
                assertThat(done.status()).isEqualTo(200);
                assertThat(ServerFixture.text(done)).isEqualTo("echo:<req" + i + "/>");
            }
            HttpResponse anonymousLeg = exchange(c, "<go/>".getBytes(StandardCharsets.UTF_8), ServerFixture.headers());
            assertThat(anonymousLeg.status()).as("Go's first, credential-less try on an authenticated connection")
                    .isEqualTo(200);
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
        assertThat(fx.handler.handled).hasValue(4);
        assertThat(fx.handler.requests).extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
                .containsExactly("<req0/>", "<req1/>", "<req2/>", "<go/>");
    }
}
