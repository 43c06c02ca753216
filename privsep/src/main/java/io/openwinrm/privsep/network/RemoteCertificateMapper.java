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
 * A mapping is reused for a while ({@link ReusedVerdicts}: void as soon as the mapping file or the account store
 * changes), since the transport maps the chain on every request of a connection.
 */
public final class RemoteCertificateMapper implements CertificateMapper {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCertificateMapper.class);
    private static final String SCHEME = "certificate";

    private final MonitorClient monitor;
    private final ReusedVerdicts reused = new ReusedVerdicts(System::nanoTime);

    public RemoteCertificateMapper(MonitorClient monitor) {
        this.monitor = monitor;
        monitor.onCredentialsChanged(reused::invalidate);
    }

    @Override
    public Optional<AuthenticatedUser> map(X509Certificate[] chain) {
        List<byte[]> der = new ArrayList<>(chain.length);
        try {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (X509Certificate c : chain) {
                byte[] encoded = c.getEncoded();
                der.add(encoded);
                all.write(encoded.length >>> 24);
                all.write(encoded.length >>> 16);
                all.write(encoded.length >>> 8);
                all.write(encoded.length);
                all.writeBytes(encoded);
            }
            byte[] key = all.toByteArray();
            Optional<AuthenticatedUser> known = reused.get(SCHEME, true, key);
            if (known.isPresent()) {
                return known;
            }
            long generation = reused.generation();
            Reply reply = monitor.call(id -> new AuthenticateCertificate(id, der, "")).reply();
            if (reply instanceof AuthSuccess s) {
                AuthenticatedUser user = new AuthenticatedUser(s.user(), s.mechanism(), s.domain(), List.of(),
                        Optional.of(s.session()));
                reused.put(SCHEME, true, key, user, generation);
                return Optional.of(user);
            }
            return Optional.empty();
        } catch (CertificateEncodingException | IOException e) {
            LOG.warn("the monitor did not map a client certificate: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
