package io.openwinrm.auth.certificate;

import io.openwinrm.auth.spi.AuthenticatedUser;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Policy that maps a client certificate chain to a local user ([MS-WSMV] 2.2.9, DSP0226 C.3.5 {@code
 * https/mutual}; Windows' {@code winrm/config/service/certmapping}).
 *
 * <p>The transport calls it only with a chain the TLS layer has already verified against the configured issuers,
 * and after re-checking every certificate's validity dates. Implementations must be thread-safe, may block briefly
 * (they run off the network event loop), and should not throw: return empty to refuse.
 */
@FunctionalInterface
public interface CertificateMapper {

    /**
     * @param chain the client chain, leaf first; never {@code null} or empty; do not modify it
     * @return the user to authenticate as, or empty when the certificate maps to nobody
     */
    Optional<AuthenticatedUser> map(X509Certificate[] chain);

    /** Maps nobody. */
    static CertificateMapper rejectAll() {
        return chain -> Optional.empty();
    }
}
