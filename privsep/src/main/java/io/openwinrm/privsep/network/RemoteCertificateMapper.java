package io.openwinrm.privsep.network;

import io.openwinrm.auth.certificate.CertificateMapper;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.privsep.wire.MonitorMessage.AuthSuccess;
import io.openwinrm.privsep.wire.MonitorMessage.AuthenticateCertificate;
import io.openwinrm.privsep.wire.MonitorMessage.Reply;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client certificates mapped by the monitor: it holds the mapping and checks the chain again against the trusted
 * issuers. (It cannot see the TLS handshake, so the proof that the client holds the key is the network side's: a
 * compromised network side could claim any certificate it has seen. Password and NTLM logins carry no such trust.)
 */
public final class RemoteCertificateMapper implements CertificateMapper {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCertificateMapper.class);

    private final MonitorClient monitor;

    public RemoteCertificateMapper(MonitorClient monitor) {
        this.monitor = monitor;
    }

    @Override
    public Optional<AuthenticatedUser> map(X509Certificate[] chain) {
        List<byte[]> der = new ArrayList<>(chain.length);
        try {
            for (X509Certificate c : chain) {
                der.add(c.getEncoded());
            }
            Reply reply = monitor.call(id -> new AuthenticateCertificate(id, der, "")).reply();
            if (reply instanceof AuthSuccess s) {
                return Optional.of(new AuthenticatedUser(s.user(), s.mechanism(), s.domain(), List.of(),
                        Optional.of(s.session())));
            }
            return Optional.empty();
        } catch (CertificateEncodingException | IOException e) {
            LOG.warn("the monitor did not map a client certificate: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
