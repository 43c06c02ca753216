package io.openwinrm.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.auth.certificate.SubjectCertificateMapper;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.transport.tls.ServerSslContexts;
import io.openwinrm.transport.tls.TestCertificates;
import io.openwinrm.transport.tls.TestCertificates.Issued;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client certificate authentication ({@code https/mutual}) on an HTTPS listener that also takes passwords. */
class ClientCertificateAuthTest {

    private static Issued ca;
    private static Issued otherCa;
    private static ServerFixture fx;
    private static InetSocketAddress certListener;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.ca("CN=Test Client CA,O=OpenWinRM");
        otherCa = TestCertificates.ca("CN=Rogue CA,O=Elsewhere");
        SubjectCertificateMapper mapper = new SubjectCertificateMapper(Map.of(
                "Alice@Corp.Example", "alice",
                "CN=Dn User, O=Test", "dnuser",
                "mail@corp.example", "mailuser"));
        ClientCertificateAuth auth = new ClientCertificateAuth(ServerSslContexts.withClientCertificates(
                ServerFixture.CERT.privateKey(), List.of(ca.certificate()), ServerFixture.CERT.certificate()), mapper);
        fx = new ServerFixture(b -> b.authThrottle(AuthThrottleSettings.disabled()).listener(
                new ListenerConfig("https-cert", new InetSocketAddress("127.0.0.1", 0), true, false)
                        .withClientCertificates(auth)));
        certListener = fx.bound.get(3);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() {
        fx.handler.handled.set(0);
        fx.handler.requests.clear();
    }

    private static SSLContext clientTls(Issued clientCert, Issued issuer) throws Exception {
        return clientTls(clientCert, issuer, false);
    }

    /** @param always offer the certificate even when the server's CA list does not name its issuer */
    private static SSLContext clientTls(Issued clientCert, Issued issuer, boolean always) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", ServerFixture.CERT.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCert != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", clientCert.key(), "pw".toCharArray(),
                    new X509Certificate[] {clientCert.certificate(), issuer.certificate()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "pw".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        javax.net.ssl.KeyManager[] km = kmf == null ? null : kmf.getKeyManagers();
        if (always && km != null) {
            X509ExtendedKeyManager delegate = (X509ExtendedKeyManager) km[0];
            km = new javax.net.ssl.KeyManager[] {new X509ExtendedKeyManager() {
                @Override public String[] getClientAliases(String t, Principal[] i) { return new String[] {"client"}; }
                @Override public String chooseClientAlias(String[] t, Principal[] i, Socket s) { return "client"; }
                @Override public String chooseEngineClientAlias(String[] t, Principal[] i, SSLEngine e) { return "client"; }
                @Override public String[] getServerAliases(String t, Principal[] i) { return null; }
                @Override public String chooseServerAlias(String t, Principal[] i, Socket s) { return null; }
                @Override public X509Certificate[] getCertificateChain(String a) { return delegate.getCertificateChain(a); }
                @Override public PrivateKey getPrivateKey(String a) { return delegate.getPrivateKey(a); }
            }};
        }
        ctx.init(km, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static HttpResponse<String> post(SSLContext tls, String... headers) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("https://localhost:" + certListener.getPort() + "/wsman"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/soap+xml;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("<x/>"));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void mappedCertificateAuthenticatesTheRequest() throws Exception {
        Issued upn = TestCertificates.client(ca, "CN=Alice", "alice@corp.example", null);
        HttpResponse<String> r = post(clientTls(upn, ca), "Authorization", ClientCertificateAuth.AUTHORIZATION);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("echo:<x/>");
        Issued dn = TestCertificates.client(ca, "CN=Dn User,O=Test", null, null);
        assertThat(post(clientTls(dn, ca), "Authorization", ClientCertificateAuth.AUTHORIZATION).statusCode())
                .isEqualTo(200);
        Issued mail = TestCertificates.client(ca, "CN=Whoever", null, "MAIL@corp.example");
        assertThat(post(clientTls(mail, ca), "Authorization", ClientCertificateAuth.AUTHORIZATION).statusCode())
                .isEqualTo(200);
        assertThat(fx.handler.requests).extracting(q -> q.user().name()).containsExactly("alice", "dnuser", "mailuser");
        assertThat(fx.handler.requests).extracting(q -> q.user().mechanism()).containsOnly("Certificate");
    }

    @Test
    void unmappedCertificateOrNoCertificateGets401WithoutAMutualChallenge() throws Exception {
        Issued stranger = TestCertificates.client(ca, "CN=Stranger", "stranger@corp.example", null);
        HttpResponse<String> r = post(clientTls(stranger, ca), "Authorization", ClientCertificateAuth.AUTHORIZATION);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"WSMAN\"");
        HttpResponse<String> none = post(clientTls(null, null), "Authorization", ClientCertificateAuth.AUTHORIZATION);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(post(clientTls(null, null)).headers().allValues("WWW-Authenticate"))
                .containsExactly("Basic realm=\"WSMAN\"");
        assertThat(fx.handler.handled).hasValue(0);
    }

    @Test
    void untrustedIssuerIsNeitherOfferedNorAccepted() throws Exception {
        Issued rogue = TestCertificates.client(otherCa, "CN=Alice", "alice@corp.example", null);
        assertThat(post(clientTls(rogue, otherCa), "Authorization", ClientCertificateAuth.AUTHORIZATION).statusCode())
                .as("the JDK client offers no certificate the server's CA list does not name").isEqualTo(401);
        assertThatThrownBy(() -> post(clientTls(rogue, otherCa, true), "Authorization",
                ClientCertificateAuth.AUTHORIZATION)).as("a client that sends it anyway fails the TLS handshake")
                .isInstanceOf(IOException.class);
        assertThat(fx.handler.handled).hasValue(0);
    }

    @Test
    void passwordsStillWorkOnTheSameListenerWithOrWithoutACertificate() throws Exception {
        String basic = ServerFixture.basic(ServerFixture.USER, ServerFixture.PASSWORD);
        assertThat(post(clientTls(null, null), "Authorization", basic).statusCode()).isEqualTo(200);
        Issued upn = TestCertificates.client(ca, "CN=Alice", "alice@corp.example", null);
        assertThat(post(clientTls(upn, ca), "Authorization", basic).statusCode()).isEqualTo(200);
        assertThat(fx.handler.requests).extracting(q -> q.user().name()).containsOnly(ServerFixture.USER);
    }

    @Test
    void mutualAuthorizationIsUnknownOnListenersWithoutClientCertificates() throws Exception {
        try (var c = fx.tlsConnection()) {
            assertThat(ServerFixture.post(c, "<x/>", "Authorization", ClientCertificateAuth.AUTHORIZATION).status())
                    .isEqualTo(401);
        }
        assertThat(fx.handler.handled).hasValue(0);
    }

    @Test
    void validityDatesAreCheckedAgainAtAuthentication() throws Exception {
        Issued expired = TestCertificates.client(ca, "CN=Alice", "alice@corp.example", null,
                Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600));
        Issued valid = TestCertificates.client(ca, "CN=Alice", "alice@corp.example", null);
        CertificateAuthMechanismFactory factory = new CertificateAuthMechanismFactory(new ClientCertificateAuth(
                ServerSslContexts.of(ServerFixture.CERT.privateKey(), ServerFixture.CERT.certificate()),
                new SubjectCertificateMapper(Map.of("alice@corp.example", "alice"))));
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1);
        AuthStep ok = factory.create().step(new byte[0], new ChannelConnectionInfo(a, a, true, "t", null,
                TestCertificates.chain(valid, ca)));
        assertThat(ok).isInstanceOfSatisfying(AuthStep.Success.class,
                s -> assertThat(s.user()).isEqualTo(new AuthenticatedUser("alice", "Certificate")));
        AuthStep old = factory.create().step(new byte[0], new ChannelConnectionInfo(a, a, true, "t", null,
                TestCertificates.chain(expired, ca)));
        assertThat(old).isInstanceOfSatisfying(AuthStep.Failure.class,
                f -> assertThat(f.reason()).contains("validity"));
        assertThat(factory.create().step(new byte[0], new ChannelConnectionInfo(a, a, true, "t")))
                .isInstanceOf(AuthStep.Failure.class);
        assertThat(factory.challenge()).isEqualTo(ClientCertificateAuth.AUTHORIZATION);
        ClientCertificateAuth auth = new ClientCertificateAuth(
                ServerSslContexts.of(ServerFixture.CERT.privateKey(), ServerFixture.CERT.certificate()),
                io.openwinrm.auth.certificate.CertificateMapper.rejectAll());
        assertThatThrownBy(() -> new ListenerConfig("plain", a, false, false).withClientCertificates(auth))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client certificates need TLS");
        assertThat(Optional.of(factory.allowedOnInsecureChannel())).contains(false);
    }
}
