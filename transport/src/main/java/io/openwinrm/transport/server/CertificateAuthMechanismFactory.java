package io.openwinrm.transport.server;

import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.ConnectionInfo;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The {@code https/mutual} "scheme" ([MS-WSMV] 2.2.9, DSP0226 C.3.5): the {@code Authorization} value is the
 * literal {@link ClientCertificateAuth#AUTHORIZATION} URI with no token; the credential is the client certificate of
 * the TLS connection, already verified by the TLS layer against the listener's trusted issuers. Validity dates are
 * checked again here (a long-lived connection can outlast a certificate), then the {@code CertificateMapper}
 * decides. Per request, not connection-bound; never offered in a challenge.
 */
final class CertificateAuthMechanismFactory implements AuthMechanismFactory {

    private final ClientCertificateAuth auth;

    CertificateAuthMechanismFactory(ClientCertificateAuth auth) {
        this.auth = auth;
    }

    @Override
    public String scheme() {
        return ClientCertificateAuth.AUTHORIZATION;
    }

    @Override
    public boolean allowedOnInsecureChannel() {
        return false;
    }

    @Override
    public AuthMechanism create() {
        return this::step;
    }

    private AuthStep step(byte[] token, ConnectionInfo connection) {
        List<X509Certificate> chain = connection instanceof ChannelConnectionInfo info
                ? info.peerCertificates() : List.of();
        if (chain.isEmpty()) {
            return new AuthStep.Failure("no client certificate on the TLS connection");
        }
        String subject = chain.get(0).getSubjectX500Principal().getName();
        try {
            for (X509Certificate c : chain) {
                c.checkValidity();
            }
        } catch (CertificateException e) {
            return new AuthStep.Failure("client certificate outside its validity period", Optional.of(subject));
        }
        Optional<AuthenticatedUser> user;
        try {
            user = auth.mapper().map(chain.toArray(X509Certificate[]::new));
        } catch (RuntimeException e) {
            return new AuthStep.Failure("certificate mapper failed: " + e.getClass().getSimpleName(),
                    Optional.of(subject));
        }
        return user.<AuthStep>map(u -> new AuthStep.Success(u, Optional.empty()))
                .orElseGet(() -> new AuthStep.Failure("client certificate maps to no account", Optional.of(subject)));
    }
}
