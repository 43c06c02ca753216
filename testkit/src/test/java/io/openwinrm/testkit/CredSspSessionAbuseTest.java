package io.openwinrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.credssp.CredSspInitiator;
import io.openwinrm.auth.encryption.EncryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessageCodec;
import io.openwinrm.auth.encryption.EncryptionProtocol;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real CredSSP sessions over plain HTTP against the real server, abused as {@link EncryptedSessionAbuseTest} abuses
 * NTLM ones: a tampered TLS record, a replayed one and unencrypted SOAP are refused and nothing they carry runs; a
 * fresh logon works afterwards.
 */
@Timeout(60)
class CredSspSessionAbuseTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Options.defaults().credssp(true));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One CredSSP-authenticated, encrypting connection. */
    static final class Session implements AutoCloseable {
        final HttpConnection http;
        final SecurityContext ctx;

        Session() throws Exception {
            http = new HttpConnection("127.0.0.1", server.httpEndpoint().getPort(), null,
                    HttpConnection.Options.defaults());
            try (CredSspInitiator init = new CredSspInitiator(NtlmInitiatorSettings.of(NtlmCredentials.parse(
                    server.user(), server.password().toCharArray())), "", server.user(),
                    server.password().toCharArray())) {
                HttpResponse r = leg(init.initialToken());
                while (r.status() == 401) {
                    String v = r.headerValues("WWW-Authenticate").get(0);
                    r = leg(init.respond(Base64.getDecoder().decode(v.substring(v.indexOf(' ') + 1).strip())));
                }
                assertThat(r.status()).isEqualTo(200);
                ctx = init.sessionSecurity();
            }
        }

        HttpResponse leg(byte[] token) throws Exception {
            return http.exchange("POST", "/wsman", List.of(Map.entry("Authorization",
                    "CredSSP " + Base64.getEncoder().encodeToString(token))), new byte[0]);
        }

        EncryptedMessage seal(String soap) throws Exception {
            return EncryptedMessageCodec.encode(ctx, soap.getBytes(StandardCharsets.UTF_8), EncryptionProtocol.SOAP_UTF8);
        }

        HttpResponse send(EncryptedMessage m) throws Exception {
            return http.exchange("POST", "/wsman", List.of(Map.entry("Content-Type", m.contentType())), m.body());
        }

        @Override
        public void close() {
            http.close();
        }
    }

    @Test
    void unencryptedSoapAfterTheLogonIsRefusedAndNotRun() throws Exception {
        int shells = server.shellCount();
        try (Session s = new Session()) {
            HttpResponse r = s.http.exchange("POST", "/wsman", List.of(Map.entry("Content-Type",
                    "application/soap+xml;charset=UTF-8")),
                    EncryptedSessionAbuseTest.createShell().getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isEqualTo(401);
            assertThat(server.shellCount()).isEqualTo(shells);
            HttpResponse ok = s.send(s.seal(EncryptedSessionAbuseTest.createShell()));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct)
                    .startsWith("multipart/encrypted;protocol=\"application/HTTP-CredSSP-session-encrypted\""));
            assertThat(new String(EncryptedMessageCodec.decode(ok.header("Content-Type").get(), ok.body(), s.ctx)
                    .plaintext(), StandardCharsets.UTF_8)).contains("ShellId");
        }
    }

    @Test
    void aTamperedRecordIsRefusedNothingRunsAndTheConnectionIsClosed() throws Exception {
        Path marker = Files.createTempFile("must-not-run", "").resolveSibling("owr-credssp-" + System.nanoTime());
        try (Session s = new Session()) {
            EncryptedMessage m = s.seal(RawProtocolTest.envelope(
                    "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command",
                    "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd",
                    RawProtocolTest.selector("00000000-0000-0000-0000-000000000000"), "",
                    "<rsp:CommandLine><rsp:Command>touch " + marker + "</rsp:Command></rsp:CommandLine>"));
            byte[] body = m.body().clone();
            body[body.length - 40] ^= 0x01; // inside the last record's ciphertext or tag
            HttpResponse r = s.send(new EncryptedMessage(m.contentType(), body));
            assertThat(r.status()).isIn(400, 401);
            assertThat(r.header("Connection")).hasValue("close");
        }
        assertThat(Files.exists(marker)).isFalse();
        try (Session again = new Session()) {
            assertThat(again.send(again.seal(EncryptedSessionAbuseTest.createShell())).status()).isEqualTo(200);
        }
    }

    @Test
    void aReplayedRecordIsRefused() throws Exception {
        try (Session s = new Session()) {
            EncryptedMessage create = s.seal(EncryptedSessionAbuseTest.createShell());
            int shells = server.shellCount();
            assertThat(s.send(create).status()).isEqualTo(200);
            assertThat(server.shellCount()).isEqualTo(shells + 1);
            assertThat(s.send(create).status()).isIn(400, 401);
            assertThat(server.shellCount()).isEqualTo(shells + 1);
        }
    }
}
