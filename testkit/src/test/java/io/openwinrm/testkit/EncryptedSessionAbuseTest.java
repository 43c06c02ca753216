package io.openwinrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.encryption.EncryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessageCodec;
import io.openwinrm.auth.encryption.EncryptionProtocol;
import io.openwinrm.auth.negotiate.NegotiateInitiator;
import io.openwinrm.auth.ntlm.NtlmCredentials;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real NTLM sessions over plain HTTP against the real server, abused: tampered, replayed and unencrypted messages are
 * refused, nothing they carry runs, and a fresh authentication still works afterwards.
 */
@Timeout(60)
class EncryptedSessionAbuseTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One authenticated, encrypting connection. */
    static final class Session implements AutoCloseable {
        final HttpConnection http;
        final int finalStatus;
        SecurityContext ctx;

        Session(String password) throws Exception {
            http = new HttpConnection("127.0.0.1", server.httpEndpoint().getPort(), null,
                    HttpConnection.Options.defaults());
            NegotiateInitiator init = new NegotiateInitiator(NtlmInitiatorSettings.of(
                    NtlmCredentials.parse(server.user(), password.toCharArray())), NegotiateInitiator.Framing.SPNEGO);
            HttpResponse challenge = leg(init.initialToken());
            assertThat(challenge.status()).isEqualTo(401);
            HttpResponse done = leg(init.respond(token(challenge)));
            finalStatus = done.status();
            if (done.status() == 200) {
                init.complete(done.headerValues("WWW-Authenticate").isEmpty() ? Optional.empty()
                        : Optional.of(token(done)));
                ctx = init.sessionSecurity().orElseThrow();
            }
        }

        HttpResponse leg(byte[] token) throws Exception {
            return http.exchange("POST", "/wsman", List.of(Map.entry("Authorization",
                    "Negotiate " + Base64.getEncoder().encodeToString(token))), new byte[0]);
        }

        static byte[] token(HttpResponse r) {
            String v = r.headerValues("WWW-Authenticate").get(0);
            return Base64.getDecoder().decode(v.substring(v.indexOf(' ') + 1).strip());
        }

        EncryptedMessage seal(String soap) throws Exception {
            return EncryptedMessageCodec.encode(ctx, soap.getBytes(StandardCharsets.UTF_8), EncryptionProtocol.SOAP_UTF8);
        }

        HttpResponse send(EncryptedMessage m) throws Exception {
            return http.exchange("POST", "/wsman", List.of(Map.entry("Content-Type", m.contentType())), m.body());
        }

        HttpResponse sendPlain(String soap) throws Exception {
            return http.exchange("POST", "/wsman", List.of(Map.entry("Content-Type",
                    "application/soap+xml;charset=UTF-8")), soap.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            http.close();
        }
    }

    static String createShell() {
        return RawProtocolTest.envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd", "", "",
                "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>"
                        + "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>");
    }

    @Test
    void wrongPasswordGets401AndNoContext() throws Exception {
        try (Session s = new Session("wrong")) {
            assertThat(s.finalStatus).isEqualTo(401);
            assertThat(s.ctx).isNull();
        }
    }

    @Test
    void unencryptedSoapAfterTheHandshakeIsRefusedAndNotRun() throws Exception {
        int shells = server.shellCount();
        try (Session s = new Session(server.password())) {
            assertThat(s.ctx).isNotNull();
            HttpResponse r = s.sendPlain(createShell());
            assertThat(r.status()).isEqualTo(401);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("unencrypted");
            assertThat(server.shellCount()).isEqualTo(shells);
            // the connection is still usable with encryption
            HttpResponse ok = s.send(s.seal(createShell()));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct)
                    .startsWith("multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\""));
        }
    }

    @Test
    void tamperedCiphertextIsRefusedNothingRunsAndTheConnectionIsClosed() throws Exception {
        Path marker = Files.createTempFile("must-not-run", "").resolveSibling("owr-tamper-" + System.nanoTime());
        try (Session s = new Session(server.password())) {
            EncryptedMessage m = s.seal(RawProtocolTest.envelope(
                    "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command",
                    "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd",
                    RawProtocolTest.selector("00000000-0000-0000-0000-000000000000"), "",
                    "<rsp:CommandLine><rsp:Command>touch " + marker + "</rsp:Command></rsp:CommandLine>"));
            byte[] body = m.body().clone();
            body[body.length - 40] ^= 0x01; // inside the ciphertext
            HttpResponse r = s.send(new EncryptedMessage(m.contentType(), body));
            assertThat(r.status()).isIn(400, 401);
            assertThat(r.header("Connection")).hasValue("close");
        }
        assertThat(Files.exists(marker)).isFalse();
        // a fresh authentication works afterwards
        try (Session again = new Session(server.password())) {
            assertThat(again.send(again.seal(createShell())).status()).isEqualTo(200);
        }
    }

    @Test
    void aReplayedMessageIsRefused() throws Exception {
        try (Session s = new Session(server.password())) {
            EncryptedMessage create = s.seal(createShell());
            int shells = server.shellCount();
            assertThat(s.send(create).status()).isEqualTo(200);
            assertThat(server.shellCount()).isEqualTo(shells + 1);
            HttpResponse replay = s.send(create);
            assertThat(replay.status()).isIn(400, 401);
            assertThat(server.shellCount()).isEqualTo(shells + 1);
        }
    }

    @Test
    void reorderedMessagesAreRefused() throws Exception {
        try (Session s = new Session(server.password())) {
            EncryptedMessage first = s.seal(createShell());
            EncryptedMessage second = s.seal(createShell());
            int shells = server.shellCount();
            assertThat(s.send(second).status()).isIn(400, 401);
            assertThat(server.shellCount()).isEqualTo(shells);
        }
    }

    @Test
    void basicOnPlainHttpIsRefused() throws Exception {
        try (HttpConnection c = new HttpConnection("127.0.0.1", server.httpEndpoint().getPort(), null,
                HttpConnection.Options.defaults())) {
            String basic = Base64.getEncoder().encodeToString((server.user() + ":" + server.password())
                    .getBytes(StandardCharsets.UTF_8));
            int shells = server.shellCount();
            HttpResponse r = c.exchange("POST", "/wsman", List.of(Map.entry("Authorization", "Basic " + basic),
                    Map.entry("Content-Type", "application/soap+xml;charset=UTF-8")),
                    createShell().getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.headerValues("WWW-Authenticate")).containsExactly("Negotiate");
            assertThat(server.shellCount()).isEqualTo(shells);
        }
    }
}
