package io.openwinrm.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class TlsChannelBindingTest {

    private static void check(X509Certificate cert, String expectedHash) throws Exception {
        assertThat(TlsChannelBinding.hashAlgorithm(cert)).isEqualTo(expectedHash);
        assertThat(TlsChannelBinding.tlsServerEndPoint(cert))
                .isEqualTo(MessageDigest.getInstance(expectedHash).digest(cert.getEncoded()));
    }

    @Test
    void md5AndSha1AreUpgradedToSha256() throws Exception {
        KeyPair rsa = TestCertificates.rsaKey();
        check(TestCertificates.selfSigned(rsa, "SHA1withRSA"), "SHA-256");
        check(TestCertificates.selfSigned(rsa, "MD5withRSA"), "SHA-256");
        check(TestCertificates.selfSigned(TestCertificates.ecKey(), "SHA1withECDSA"), "SHA-256");
    }

    @Test
    void strongerHashesAreKept() throws Exception {
        KeyPair rsa = TestCertificates.rsaKey();
        check(TestCertificates.selfSigned(rsa, "SHA256withRSA"), "SHA-256");
        check(TestCertificates.selfSigned(rsa, "SHA512withRSA"), "SHA-512");
        check(TestCertificates.selfSigned(TestCertificates.ecKey(), "SHA384withECDSA"), "SHA-384");
        check(TestCertificates.selfSigned(rsa, "SHA384withRSAandMGF1"), "SHA-384");
    }

    @Test
    void hashOfTheGeneratedServerCertificateMatchesAnIndependentDigest() throws Exception {
        X509Certificate cert = SelfSignedCertificates.generate("localhost").certificate();
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(TlsChannelBinding.tlsServerEndPoint(cert)).hasSize(32)
                .isEqualTo(CertificateFingerprint.sha256Bytes(cert));
    }
}
