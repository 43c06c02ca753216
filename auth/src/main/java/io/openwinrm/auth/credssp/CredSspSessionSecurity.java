package io.openwinrm.auth.credssp;

import io.openwinrm.auth.encryption.EncryptionProtocol;
import io.openwinrm.auth.spi.SecurityContext;
import java.util.Arrays;
import javax.net.ssl.SSLException;

/**
 * Message encryption of a CredSSP connection ([MS-WSMV] 2.2.9.1.3): each message (a chunk of at most 16384 bytes)
 * is encrypted by the CredSSP TLS session into application-data records. The wire form is the uint32 LE trailer
 * length followed by the records; {@link #wrap} therefore puts the first trailer-length bytes of the records in the
 * header slot, which {@link io.openwinrm.auth.encryption.EncryptedMessageCodec} writes after its length prefix, so
 * the prefix is the trailer length and the records follow whole, as Windows and pyspnego write them. {@link #unwrap}
 * takes header and ciphertext as one run of records. A record whose tag does not verify (tampered ciphertext) fails
 * the TLS session: the message is refused and so is everything after it on this connection.
 */
final class CredSspSessionSecurity implements SecurityContext {

    private final InnerTls tls;

    CredSspSessionSecurity(InnerTls tls) {
        this.tls = tls;
    }

    @Override
    public String encryptionProtocol() {
        return EncryptionProtocol.CREDSSP;
    }

    @Override
    public synchronized SealedMessage wrap(byte[] plaintext) throws SealingException {
        try {
            byte[] records = tls.wrap(plaintext);
            int t = Math.min(tls.trailerLength(), records.length);
            return new SealedMessage(Arrays.copyOf(records, t), Arrays.copyOfRange(records, t, records.length));
        } catch (SSLException | CredSspException e) {
            throw new SealingException("CredSSP TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized byte[] unwrap(SealedMessage sealed) throws SealingException {
        byte[] header = sealed.header();
        byte[] ciphertext = sealed.ciphertext();
        byte[] records = new byte[header.length + ciphertext.length];
        System.arraycopy(header, 0, records, 0, header.length);
        System.arraycopy(ciphertext, 0, records, header.length, ciphertext.length);
        try {
            return tls.unwrap(records);
        } catch (SSLException | CredSspException e) {
            tls.close();
            throw new SealingException("CredSSP TLS: " + e.getMessage(), e);
        }
    }
}
