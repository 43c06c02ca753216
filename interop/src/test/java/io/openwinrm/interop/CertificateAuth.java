package io.openwinrm.interop;

import io.openwinrm.transport.tls.SelfSignedCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Client certificates the server must refuse, written as PEM files for the drivers'
 * {@code --transport certificate --cert-pem F --key-pem F}.
 */
final class CertificateAuth {

    private CertificateAuth() {
    }

    /** A well-formed clientAuth certificate for a UPN no account is mapped to. */
    static List<String> unmapped(Path dir) throws IOException {
        return write(dir, "unmapped", "stranger", "stranger@localhost");
    }

    /**
     * A certificate claiming the test account's UPN ({@code upn}) but self-signed by a key the server
     * never trusted: only the issuer check can refuse it.
     */
    static List<String> forgedFor(String user, String upn, Path dir) throws IOException {
        return write(dir, "forged", user, upn);
    }

    private static List<String> write(Path dir, String name, String commonName, String upn) throws IOException {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        SelfSignedCertificates.generateClient(commonName, upn, Duration.ofDays(1)).write(cert, key);
        return List.of("--transport", "certificate", "--cert-pem", cert.toString(), "--key-pem", key.toString());
    }
}
