package io.openwinrm.interop;

import io.openwinrm.testkit.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks for client certificate classes: certificates that are not the account's mapped, trusted one
 * must be turned away before anything runs ([MS-WSMV] 3.1.4.1.30.2 / DSP0226 C.3.4: the certificate
 * is mapped to an account only when it chains to a trusted issuer).
 */
interface CertificateRefusalChecks {

    TestServer server();

    /** Runs the driver against {@code endpoint} with {@code auth}, no password, {@code --insecure}. */
    DriverResult driveWithCertificate(URI endpoint, List<String> auth, String... scenario) throws Exception;

    void assertRefusedBeforeAnythingRan(DriverResult r, int shellsBefore, Path marker);

    @Test
    default void unmappedCertificateIsRefused(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = driveWithCertificate(server().httpsEndpoint(), CertificateAuth.unmapped(dir),
                "run", "--command", "touch " + marker);
        assertRefusedBeforeAnythingRan(r, shellsBefore, marker);
    }

    @Test
    default void untrustedCertificateWithTheAccountsUpnIsRefused(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = driveWithCertificate(server().httpsEndpoint(),
                CertificateAuth.forgedFor(server().user(), server().user() + "@localhost", dir),
                "run", "--command", "touch " + marker);
        assertRefusedBeforeAnythingRan(r, shellsBefore, marker);
    }
}
