package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pywinrm with client certificate authentication over HTTPS ({@code transport='certificate'}): the
 * {@code Authorization: http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/mutual} header and
 * a TLS client certificate mapped to the test account. The driver gets no password at all, so only the
 * certificate can have authenticated it.
 */
class PywinrmCertificateHttpsInteropTest extends AbstractShellScenarioInteropTest
        implements CertificateRefusalChecks, TlsTrustChecks {

    @Override
    Peer peer() {
        return Peer.PYWINRM;
    }

    @Override
    List<String> authOptions() {
        return clientCertificate();
    }

    @Override
    String driverPassword() {
        return null;
    }

    @Test
    void mutualHeaderOverPlainHttpIsRefused(@TempDir Path dir) throws Exception {
        // Without TLS there is no client certificate: the https/mutual header alone must not authenticate.
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = driveWithCertificate(server().httpEndpoint(), clientCertificate(),
                "run", "--command", "touch " + marker);
        assertRefusedBeforeAnythingRan(r, shellsBefore, marker);
        assertThat(r.stringField("error_type")).as("error_type%s", r.describe()).isEqualTo("InvalidCredentialsError");
    }
}
