package io.openwinrm.cli;

import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.transport.tls.CertificateFingerprint;
import io.openwinrm.transport.tls.Pem;
import io.openwinrm.transport.tls.SelfSignedCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/** Makes sure an HTTPS listener has a certificate: generates a self-signed one on first start. */
final class TlsMaterial {

    private TlsMaterial() {
    }

    /**
     * Returns the SHA-256 fingerprint of the server certificate, generating a self-signed certificate and key when
     * neither file exists yet.
     *
     * @param announce receives a line when a certificate was generated
     */
    static String ensure(ServerConfig config, java.util.function.Consumer<String> announce) {
        Path cert = config.certificateFile();
        Path key = config.privateKeyFile();
        try {
            if (!Files.exists(cert) && !Files.exists(key)) {
                Files.createDirectories(cert.toAbsolutePath().getParent());
                Files.createDirectories(key.toAbsolutePath().getParent());
                SelfSignedCertificates.CertificateAndKey generated = SelfSignedCertificates.generate(hostName());
                generated.write(cert, key);
                announce.accept("generated a self-signed certificate: " + cert);
            } else if (!Files.exists(cert) || !Files.exists(key)) {
                throw new CliException(ExitCodes.CONFIG, "TLS certificate or key missing: " + cert + ", " + key);
            }
            List<X509Certificate> chain = Pem.readCertificates(cert);
            if (chain.isEmpty()) {
                throw new CliException(ExitCodes.CONFIG, "no certificate in " + cert);
            }
            return CertificateFingerprint.sha256(chain.get(0));
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, "TLS material: " + e.getMessage());
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
