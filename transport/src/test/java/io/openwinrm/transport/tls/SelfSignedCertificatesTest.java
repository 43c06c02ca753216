package io.openwinrm.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void generatesEcP256CertificateWithLocalSans() throws Exception {
        var ck = SelfSignedCertificates.generate("winhost.example");
        X509Certificate cert = ck.certificate();
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=winhost.example");
        assertThat(cert.getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1))
                .containsExactlyInAnyOrder("winhost.example", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        Instant notAfter = cert.getNotAfter().toInstant();
        assertThat(notAfter).isBetween(Instant.now().plus(Duration.ofDays(364)), Instant.now().plus(Duration.ofDays(366)));
        cert.verify(cert.getPublicKey());
    }

    @Test
    void credSspCertificateIsRsaAndLoadsIntoAJdkContext() throws Exception {
        var ck = SelfSignedCertificates.generateCredSsp("winhost");
        X509Certificate cert = ck.certificate();
        assertThat(cert.getPublicKey()).isInstanceOf(java.security.interfaces.RSAPublicKey.class);
        assertThat(((java.security.interfaces.RSAPublicKey) cert.getPublicKey()).getModulus().bitLength())
                .isEqualTo(2048);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=CREDSSP-winhost");
        cert.verify(cert.getPublicKey());
        Path certFile = dir.resolve("tls/credssp.crt");
        Path keyFile = dir.resolve("tls/credssp.key");
        ck.write(certFile, keyFile);
        javax.net.ssl.SSLEngine engine = ServerSslContexts.jdkFromPem(certFile, keyFile).createSSLEngine();
        assertThat(engine.getSupportedProtocols()).contains("TLSv1.3", "TLSv1.2");
        assertThatThrownBy(() -> ServerSslContexts.jdkFromPem(dir.resolve("missing.pem"), keyFile))
                .hasMessageContaining("not readable");
    }

    @Test
    void ipHostGoesIntoIpSans() throws Exception {
        var cert = SelfSignedCertificates.generate("192.0.2.7").certificate();
        assertThat(cert.getSubjectAlternativeNames()).extracting(l -> (Object) (l.get(0) + "=" + l.get(1)))
                .contains("7=192.0.2.7", "2=localhost").doesNotContain("2=192.0.2.7");
    }

    @Test
    void writesPemFilesWithPrivateKeyMode0600AndTheyLoadIntoNetty() throws Exception {
        var ck = SelfSignedCertificates.generate("localhost");
        Path cert = dir.resolve("tls/cert.pem");
        Path key = dir.resolve("tls/key.pem");
        ck.write(cert, key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(Pem.readCertificates(cert)).containsExactly(ck.certificate());
        assertThat(ServerSslContexts.fromPem(cert, key).isServer()).isTrue();
        assertThatThrownBy(() -> ServerSslContexts.fromPem(dir.resolve("missing.pem"), key))
                .hasMessageContaining("not readable");
        Files.writeString(cert, "garbage");
        assertThatThrownBy(() -> ServerSslContexts.fromPem(cert, key)).hasMessageContaining("cannot load TLS certificate");
    }

    @Test
    void fingerprintIsColonHexOfSha256AndParsesBothForms() throws Exception {
        var cert = SelfSignedCertificates.generate("localhost").certificate();
        String fp = CertificateFingerprint.sha256(cert);
        assertThat(fp).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        assertThat(fp.replace(":", "")).isEqualTo(HexFormat.of().withUpperCase().formatHex(expected));
        for (String form : List.of(fp, fp.replace(":", ""), fp.toLowerCase(), "sha256:" + fp, " " + fp + " ")) {
            assertThat(CertificateFingerprint.parse(form)).isEqualTo(expected);
        }
        assertThatThrownBy(() -> CertificateFingerprint.parse("AB:CD")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> CertificateFingerprint.parse("zz".repeat(32))).hasMessageContaining("not hexadecimal");
    }
}
