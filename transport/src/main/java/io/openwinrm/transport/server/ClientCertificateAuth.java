package io.openwinrm.transport.server;

import io.netty.handler.ssl.SslContext;
import io.openwinrm.auth.certificate.CertificateMapper;
import io.openwinrm.transport.tls.ServerSslContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Client certificate authentication for one HTTPS listener ([MS-WSMV] 2.2.9; DSP0226 C.3.5 {@code https/mutual}).
 * The listener's TLS handshake asks for an optional client certificate and verifies it against the trusted issuers
 * baked into {@code tls}; a request carrying {@code Authorization: }{@value #AUTHORIZATION} is then authenticated
 * by {@code mapper}. No {@code WWW-Authenticate} challenge is offered for it, as on Windows.
 *
 * @param tls    the listener's server context, built with {@link ServerSslContexts#withClientCertificates}
 * @param mapper maps a verified chain to a user
 */
public record ClientCertificateAuth(SslContext tls, CertificateMapper mapper) {

    /** The literal {@code Authorization} value of the mutual-TLS security profile. */
    public static final String AUTHORIZATION = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/mutual";

    public ClientCertificateAuth {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(mapper, "mapper");
        if (!tls.isServer()) {
            throw new IllegalArgumentException("a server TLS context is required");
        }
    }

    /**
     * @param certificateChain the server's PEM chain (leaf first)
     * @param privateKey       the server's PEM PKCS#8 key
     * @param clientCaFile     PEM file of the issuers whose client certificates are accepted
     */
    public static ClientCertificateAuth fromPem(Path certificateChain, Path privateKey, Path clientCaFile,
                                                CertificateMapper mapper) throws IOException {
        return new ClientCertificateAuth(
                ServerSslContexts.withClientCertificates(certificateChain, privateKey, clientCaFile), mapper);
    }
}
