package io.openwinrm.transport.server;

import static io.openwinrm.transport.server.ServerFixture.PASSWORD;
import static io.openwinrm.transport.server.ServerFixture.USER;
import static io.openwinrm.transport.server.ServerFixture.basic;
import static io.openwinrm.transport.server.ServerFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.TlsClientSettings;
import io.openwinrm.transport.client.TlsHandshakeFailedException;
import io.openwinrm.transport.tls.Pem;
import io.openwinrm.transport.tls.SelfSignedCertificates;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsClientAgainstServerTest {

    private static ServerFixture fx;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(b -> b.idleTimeout(ServerFixture.shortIdle()));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private HttpConnection connect(String host, TlsClientSettings tls) {
        return new HttpConnection(host, fx.https.getPort(), tls, HttpConnection.Options.defaults());
    }

    @Test
    void wrongPinIsRefusedWithAClearMessage() {
        String otherPin = SelfSignedCertificates.generate("other").fingerprint();
        try (HttpConnection c = connect("127.0.0.1", TlsClientSettings.pinned(otherPin))) {
            assertThatThrownBy(() -> post(c, "<x/>"))
                    .isInstanceOf(TlsHandshakeFailedException.class)
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("TLS handshake with 127.0.0.1:" + fx.https.getPort() + " failed")
                    .hasMessageContaining("does not match the pinned fingerprint " + otherPin)
                    .hasMessageContaining(ServerFixture.CERT.fingerprint());
        }
    }

    @Test
    void caFileTrustWithHostNameVerification() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Pem.write(ca, Pem.encode("CERTIFICATE", ServerFixture.CERT.certificate().getEncoded()), false);
        try (HttpConnection c = connect("localhost", TlsClientSettings.trustCaFile(ca))) {
            assertThat(post(c, "<x/>", "Authorization", basic(USER, PASSWORD)).status()).isEqualTo(200);
        }
        Path otherCa = dir.resolve("other.pem");
        Pem.write(otherCa, Pem.encode("CERTIFICATE",
                SelfSignedCertificates.generate("localhost").certificate().getEncoded()), false);
        try (HttpConnection c = connect("localhost", TlsClientSettings.trustCaFile(otherCa))) {
            assertThatThrownBy(() -> post(c, "<x/>")).isInstanceOf(TlsHandshakeFailedException.class)
                    .hasMessageContaining("localhost");
        }
    }

    @Test
    void systemTrustRefusesSelfSignedAndInsecureAcceptsIt() throws Exception {
        try (HttpConnection c = connect("localhost", TlsClientSettings.systemDefault())) {
            assertThatThrownBy(() -> post(c, "<x/>")).isInstanceOf(TlsHandshakeFailedException.class);
        }
        try (HttpConnection c = connect("127.0.0.1", TlsClientSettings.insecure())) {
            assertThat(post(c, "<x/>").status()).isEqualTo(401);
        }
    }

    @Test
    void reconnectsTransparentlyAfterTheServerClosedAnIdleConnection() throws Exception {
        int before = fx.handler.handled.get();
        try (HttpConnection c = fx.tlsConnection()) {
            assertThat(post(c, "one", "Authorization", basic(USER, PASSWORD)).status()).isEqualTo(200);
            Thread.sleep(ServerFixture.shortIdle().toMillis() * 3);
            assertThat(ServerFixture.text(post(c, "two", "Authorization", basic(USER, PASSWORD)))).isEqualTo("echo:two");
            assertThat(c.isFresh()).isTrue();
            assertThat(c.connectionsOpened()).isEqualTo(2);
        }
        assertThat(fx.handler.handled.get() - before).isEqualTo(2);
    }
}
