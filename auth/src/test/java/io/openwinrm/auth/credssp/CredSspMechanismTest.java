package io.openwinrm.auth.credssp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.auth.account.NtHash;
import io.openwinrm.auth.encryption.DecryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessageCodec;
import io.openwinrm.auth.encryption.EncryptedMessageException;
import io.openwinrm.auth.encryption.EncryptionProtocol;
import io.openwinrm.auth.negotiate.NegotiateMechanismFactory;
import io.openwinrm.auth.ntlm.CbtHardening;
import io.openwinrm.auth.ntlm.NtHashLookup;
import io.openwinrm.auth.ntlm.TestConnections;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.PasswordAuthenticator;
import io.openwinrm.auth.spi.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class CredSspMechanismTest {

    static final Map<String, byte[]> ACCOUNTS = Map.of("alice", NtHash.of("s3cret!".toCharArray()));
    static final NtHashLookup LOOKUP = NtHashLookup.caseInsensitive(
            n -> Optional.ofNullable(ACCOUNTS.get(n)), ACCOUNTS::keySet);
    static final NegotiateMechanismFactory NEGOTIATE = NegotiateMechanismFactory.of(LOOKUP, "server",
            CbtHardening.STRICT);
    static final ConnectionInfo HTTPS = TestConnections.of(true, new byte[32]);

    /** Records the passwords it was shown, then says whether it is alice's. */
    final List<String> checked = new ArrayList<>();
    final List<char[]> shown = new ArrayList<>();
    final PasswordAuthenticator passwords = (user, password, connection) -> {
        checked.add(user);
        shown.add(password);
        return user.equals("alice") && Arrays.equals(password, "s3cret!".toCharArray());
    };

    CredSspMechanismFactory factory() throws Exception {
        return factory(CredSspTestClient.serverContext("server.p12"));
    }

    CredSspMechanismFactory factory(SSLContext tls) throws Exception {
        byte[] key = InnerTls.subjectPublicKey(serverKey());
        CredSspAcceptorFactory acceptor = new CredSspAcceptorFactory(key, NEGOTIATE::create,
                CredSspCredentialCheck.password(passwords));
        return new CredSspMechanismFactory(tls, acceptor);
    }

    private static byte[] serverKey() throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = CredSspMechanismTest.class.getResourceAsStream("/credssp/server.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks.getCertificate("server").getPublicKey().getEncoded();
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, 6", "TLSv1.3, 5", "TLSv1.2, 6", "TLSv1.2, 4", "TLSv1.2, 3", "TLSv1.3, 2"})
    void logsOnAndSealsMessagesBothWays(String protocol, int version) throws Exception {
        CredSspMechanismFactory f = factory();
        assertThat(f.scheme()).isEqualTo("CredSSP");
        assertThat(f.connectionBound()).isTrue();
        assertThat(f.allowedOnInsecureChannel()).isTrue();
        AuthMechanism server = f.create();
        CredSspTestClient client = new CredSspTestClient(protocol, "alice", "s3cret!");
        client.version = version;
        AuthStep.Success ok = (AuthStep.Success) client.run(server, HTTPS);
        assertThat(ok.user().name()).isEqualTo("alice");
        assertThat(ok.user().mechanism()).isEqualTo("CredSSP");
        assertThat(ok.hasReplyToken()).isFalse();
        assertThat(checked).containsExactly("alice");
        assertThat(shown.get(0)).as("the password is zeroed once checked").containsOnly('\0');
        assertThat(client.engine.getSession().getProtocol()).isEqualTo(protocol);

        SecurityContext serverSide = ok.securityContext().orElseThrow();
        SecurityContext clientSide = new ClientContext(client);
        for (int size : new int[] {0, 1, 1000, 16384, 16385, 40000}) {
            byte[] plain = text(size);
            EncryptedMessage toServer = EncryptedMessageCodec.encode(clientSide, plain, EncryptionProtocol.SOAP_UTF8);
            assertThat(toServer.contentType()).startsWith(size > 16384 ? "multipart/x-multi-encrypted;"
                    : "multipart/encrypted;");
            DecryptedMessage in = EncryptedMessageCodec.decode(toServer.contentType(), toServer.body(), serverSide);
            assertThat(in.plaintext()).isEqualTo(plain);
            EncryptedMessage toClient = EncryptedMessageCodec.encode(serverSide, plain, EncryptionProtocol.SOAP_UTF8);
            assertThat(trailerPrefix(toClient.body())).isEqualTo(size == 0 ? 0 : protocol.equals("TLSv1.3") ? 17 : 16);
            assertThat(EncryptedMessageCodec.decode(toClient.contentType(), toClient.body(), clientSide).plaintext())
                    .isEqualTo(plain);
        }
        assertThat(server.step(new byte[] {1}, HTTPS)).isInstanceOf(AuthStep.Failure.class);
    }

    @Test
    void ourInitiatorLogsOnAndSealsBothWays() throws Exception {
        AuthMechanism server = factory().create();
        try (CredSspInitiator client = new CredSspInitiator(io.openwinrm.auth.ntlm.NtlmInitiatorSettings.of(
                io.openwinrm.auth.ntlm.NtlmCredentials.ofPassword("alice", "", "s3cret!".toCharArray())),
                "", "alice", "s3cret!".toCharArray())) {
            AuthStep step = server.step(client.initialToken(), HTTPS);
            int legs = 1;
            while (step instanceof AuthStep.Continue c) {
                assertThat(client.isEstablished()).isFalse();
                step = server.step(client.respond(c.token()), HTTPS);
                legs++;
            }
            assertThat(client.isEstablished()).isTrue();
            AuthStep.Success ok = (AuthStep.Success) step;
            assertThat(ok.user().name()).isEqualTo("alice");
            assertThat(legs).isBetween(4, 6);
            byte[] plain = text(20000);
            EncryptedMessage up = EncryptedMessageCodec.encode(client.sessionSecurity(), plain,
                    EncryptionProtocol.SOAP_UTF8);
            SecurityContext serverSide = ok.securityContext().orElseThrow();
            assertThat(EncryptedMessageCodec.decode(up.contentType(), up.body(), serverSide).plaintext())
                    .isEqualTo(plain);
            EncryptedMessage down = EncryptedMessageCodec.encode(serverSide, plain, EncryptionProtocol.SOAP_UTF8);
            assertThat(EncryptedMessageCodec.decode(down.contentType(), down.body(), client.sessionSecurity())
                    .plaintext()).isEqualTo(plain);
        }
    }

    @Test
    void ourInitiatorSendsNoPasswordToAServerThatFailsTheBinding() throws Exception {
        // a server bound to another key than the one its TLS presents: the client's pubKeyAuth is refused first
        CredSspAcceptorFactory wrongKey = new CredSspAcceptorFactory(InnerTls.subjectPublicKey(mitmKey()),
                NEGOTIATE::create, CredSspCredentialCheck.password(passwords));
        AuthMechanism server = new CredSspMechanismFactory(CredSspTestClient.serverContext("server.p12"), wrongKey)
                .create();
        try (CredSspInitiator client = new CredSspInitiator(io.openwinrm.auth.ntlm.NtlmInitiatorSettings.of(
                io.openwinrm.auth.ntlm.NtlmCredentials.ofPassword("alice", "", "s3cret!".toCharArray())),
                "", "alice", "s3cret!".toCharArray())) {
            AuthStep step = server.step(client.initialToken(), HTTPS);
            while (step instanceof AuthStep.Continue c) {
                step = server.step(client.respond(c.token()), HTTPS);
            }
            assertThat(((AuthStep.Failure) step).reason()).contains("pubKeyAuth does not match");
            assertThat(client.isEstablished()).isFalse();
            assertThat(checked).isEmpty();
        }
    }

    @Test
    void tamperedCiphertextIsRefused() throws Exception {
        AuthMechanism server = factory().create();
        CredSspTestClient client = new CredSspTestClient("TLSv1.3", "alice", "s3cret!");
        AuthStep.Success ok = (AuthStep.Success) client.run(server, HTTPS);
        EncryptedMessage m = EncryptedMessageCodec.encode(new ClientContext(client),
                "<s:Envelope/>".getBytes(StandardCharsets.UTF_8), EncryptionProtocol.SOAP_UTF8);
        byte[] body = m.body();
        body[body.length - 40] ^= 1;
        assertThatThrownBy(() -> EncryptedMessageCodec.decode(m.contentType(), body, ok.securityContext().get()))
                .isInstanceOf(EncryptedMessageException.class).hasMessageContaining("CredSSP TLS");
    }

    @Test
    void wrongPasswordInTsCredentialsIsRefusedAfterTheInnerAuthentication() throws Exception {
        CredSspTestClient client = new CredSspTestClient("TLSv1.3", "alice", "s3cret!");
        client.credentialPassword = "guess".toCharArray();
        AuthStep.Failure f = (AuthStep.Failure) client.run(factory().create(), HTTPS);
        assertThat(f.reason()).contains("delegated password rejected");
        assertThat(f.userName()).contains("alice");
        assertThat(checked).containsExactly("alice");
    }

    @Test
    void credentialsOfAnotherUserAreRefusedWithoutCheckingThem() throws Exception {
        CredSspTestClient client = new CredSspTestClient("TLSv1.2", "alice", "s3cret!");
        client.credentialUser = "CORP\\bob";
        AuthStep.Failure f = (AuthStep.Failure) client.run(factory().create(), HTTPS);
        assertThat(f.reason()).contains("'CORP\\bob'").contains("not the authenticated user 'alice'");
        assertThat(checked).isEmpty();
    }

    @Test
    void domainQualifiedCredentialUserMatches() throws Exception {
        CredSspTestClient client = new CredSspTestClient("TLSv1.3", "alice", "s3cret!");
        client.credentialUser = "HOST\\Alice";
        assertThat(client.run(factory().create(), HTTPS)).isInstanceOf(AuthStep.Success.class);
    }

    @ParameterizedTest
    @CsvSource({"6", "3"})
    void aPublicKeyOtherThanTheServersIsRefused(int version) throws Exception {
        CredSspTestClient client = new CredSspTestClient("TLSv1.3", "alice", "s3cret!");
        client.version = version;
        // the key of a man in the middle's certificate
        client.publicKeyOverride = InnerTls.subjectPublicKey(mitmKey());
        AuthStep.Failure f = (AuthStep.Failure) client.run(factory().create(), HTTPS);
        assertThat(f.reason()).contains("pubKeyAuth does not match");
        assertThat(checked).isEmpty();
    }

    @Test
    void aVersionFiveClientWithoutNonceIsRefused() throws Exception {
        CredSspTestClient client = new CredSspTestClient("TLSv1.3", "alice", "s3cret!");
        client.omitNonce = true;
        AuthStep.Failure f = (AuthStep.Failure) client.run(factory().create(), HTTPS);
        assertThat(f.reason()).contains("no clientNonce");
    }

    @Test
    void wrongNtlmPasswordFailsInside() throws Exception {
        CredSspTestClient client = new CredSspTestClient("TLSv1.3", "alice", "nope");
        AuthStep.Failure f = (AuthStep.Failure) client.run(factory().create(), HTTPS);
        assertThat(f.reason()).startsWith("CredSSP inner authentication:");
        assertThat(checked).isEmpty();
    }

    @Test
    void garbageInsteadOfAClientHelloFailsCleanly() throws Exception {
        AuthMechanism server = factory().create();
        AuthStep step = server.step("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), HTTPS);
        assertThat(step).isInstanceOf(AuthStep.Failure.class);
        assertThat(((AuthStep.Failure) step).reason()).startsWith("CredSSP");
        assertThat(server.step(new byte[0], HTTPS)).isInstanceOf(AuthStep.Failure.class);
    }

    @Test
    void aTruncatedRecordFailsCleanly() throws Exception {
        AuthMechanism server = factory().create();
        CredSspTestClient client = new CredSspTestClient("TLSv1.3", "alice", "s3cret!");
        client.engine.beginHandshake();
        byte[] hello = client.wrap(new byte[0]);
        AuthStep step = server.step(Arrays.copyOf(hello, hello.length / 2), HTTPS);
        assertThat(((AuthStep.Failure) step).reason()).contains("ends inside a TLS record");
    }

    @Test
    void aTsRequestThatIsNotDerFailsCleanly() throws Exception {
        AuthMechanism server = factory().create();
        CredSspTestClient client = new CredSspTestClient("TLSv1.2", "alice", "s3cret!");
        client.handshake(server, HTTPS);
        AuthStep step = server.step(client.wrap(new byte[] {0x30, 0x05, (byte) 0xA7, 0x03, 0x02, 0x01, 0x06}), HTTPS);
        assertThat(((AuthStep.Failure) step).reason()).contains("unknown field tag 0xa7");
    }

    @Test
    void hostileTokensAtEveryPhaseEndInFailuresOnly() throws Exception {
        CredSspMechanismFactory f = factory();
        java.util.Random random = new java.util.Random(15);
        // a valid ClientHello, then mutated: the TLS phase
        CredSspTestClient hello = new CredSspTestClient("TLSv1.3", "alice", "s3cret!");
        hello.engine.beginHandshake();
        byte[] clientHello = hello.wrap(new byte[0]);
        for (int i = 0; i < 500; i++) {
            byte[] t = clientHello.clone();
            t[random.nextInt(t.length)] ^= (byte) (1 + random.nextInt(255));
            AuthStep step = f.create().step(t, HTTPS);
            assertThat(step).isNotNull();
        }
        // after the handshake: random TSRequest-shaped bytes and random records, each on a fresh session
        for (int i = 0; i < 150; i++) {
            AuthMechanism server = f.create();
            CredSspTestClient client = new CredSspTestClient(i % 2 == 0 ? "TLSv1.3" : "TLSv1.2", "alice", "s3cret!");
            client.handshake(server, HTTPS);
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (i % 3 == 0 && junk.length > 2) {
                junk[0] = 0x30;
                junk[1] = (byte) (junk.length - 2 < 128 ? junk.length - 2 : 0x7F);
            }
            AuthStep step = server.step(i % 5 == 0 ? junk : client.wrap(junk), HTTPS);
            assertThat(step).as("junk %d", i).isInstanceOf(AuthStep.Failure.class);
            assertThat(server.step(client.wrap(junk), HTTPS)).isInstanceOf(AuthStep.Failure.class);
        }
        assertThat(checked).isEmpty();
    }

    private static byte[] mitmKey() throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = CredSspMechanismTest.class.getResourceAsStream("/credssp/other.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks.getCertificate("mitm").getPublicKey().getEncoded();
    }

    private static int trailerPrefix(byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("application/octet-stream\r\n") + "application/octet-stream\r\n".length();
        return (body[at] & 0xFF) | (body[at + 1] & 0xFF) << 8;
    }

    private static byte[] text(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** The client's end of the CredSSP TLS session as a sealing context, framed as pyspnego frames it. */
    private record ClientContext(CredSspTestClient client) implements SecurityContext {
        @Override
        public String encryptionProtocol() {
            return EncryptionProtocol.CREDSSP;
        }

        @Override
        public SealedMessage wrap(byte[] plaintext) throws SealingException {
            try {
                return new SealedMessage(new byte[0], client.wrap(plaintext));
            } catch (Exception e) {
                throw new SealingException(e.toString());
            }
        }

        @Override
        public byte[] unwrap(SealedMessage sealed) throws SealingException {
            try {
                byte[] all = new byte[sealed.header().length + sealed.ciphertext().length];
                System.arraycopy(sealed.header(), 0, all, 0, sealed.header().length);
                System.arraycopy(sealed.ciphertext(), 0, all, sealed.header().length, sealed.ciphertext().length);
                return client.unwrap(all);
            } catch (Exception e) {
                throw new SealingException(e.toString());
            }
        }
    }
}
