package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks for HTTPS classes: the test server's self-signed certificate is not trusted unless the driver
 * is given it ({@code --ca-file}) or told not to check ({@code --insecure}).
 */
interface TlsTrustChecks {

    TestServer server();

    DriverResult driveWithPassword(String password, List<String> options, String... scenario) throws Exception;

    @Test
    default void selfSignedCertificateIsNotTrustedByDefault() throws Exception {
        DriverResult r = driveWithPassword(server().password(), List.of(), "run", "--command", "echo never");
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
        assertThat(r.stringField("error")).containsIgnoringCase("certificate");
    }
}
