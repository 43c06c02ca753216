package io.openwinrm.interop;

import java.util.List;

/**
 * The Go client github.com/masterzen/winrm with client certificate authentication over HTTPS
 * ({@code NewEndpoint(..., cert, key, ...)} and its {@code ClientAuthRequest} transporter, which sends
 * the https/mutual Authorization header). The driver gets no password at all.
 */
class GoCertificateHttpsInteropTest extends AbstractShellScenarioInteropTest
        implements CertificateRefusalChecks, TlsTrustChecks {

    @Override
    Peer peer() {
        return Peer.GO;
    }

    @Override
    List<String> authOptions() {
        return clientCertificate();
    }

    @Override
    String driverPassword() {
        return null;
    }
}
