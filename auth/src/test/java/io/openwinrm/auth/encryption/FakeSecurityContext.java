package io.openwinrm.auth.encryption;

import io.openwinrm.auth.spi.SecurityContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for an NTLM-like sealing context: XOR with an HMAC-SHA256 keystream, a 20-byte header of
 * {@code u32le seq ‖ HMAC-SHA256(key, u32le seq ‖ plaintext)[0:16]}, and strictly increasing sequence numbers per
 * direction, so tampering, replay and reordering are all detected. The same algorithm is in
 * {@code src/test/resources/.../make_pywinrm_vector.py}.
 */
final class FakeSecurityContext implements SecurityContext {

    private final String protocol;
    private final byte[] sendKey;
    private final byte[] receiveKey;
    private int sendSeq;
    private int receiveSeq;

    FakeSecurityContext(String protocol, byte[] sendKey, byte[] receiveKey) {
        this.protocol = protocol;
        this.sendKey = sendKey.clone();
        this.receiveKey = receiveKey.clone();
    }

    /** A client/server pair: index 0 is the client, 1 the server. */
    static FakeSecurityContext[] pair(String protocol) {
        byte[] c2s = "client-to-server".getBytes(StandardCharsets.US_ASCII);
        byte[] s2c = "server-to-client".getBytes(StandardCharsets.US_ASCII);
        return new FakeSecurityContext[] {new FakeSecurityContext(protocol, c2s, s2c),
                new FakeSecurityContext(protocol, s2c, c2s)};
    }

    @Override
    public String encryptionProtocol() {
        return protocol;
    }

    @Override
    public SealedMessage wrap(byte[] plaintext) {
        int seq = sendSeq++;
        byte[] header = new byte[20];
        System.arraycopy(le(seq), 0, header, 0, 4);
        System.arraycopy(mac(sendKey, seq, plaintext), 0, header, 4, 16);
        byte[] sealed = xor(plaintext, sendKey, seq);
        if (EncryptionProtocol.isCredSsp(protocol)) {
            // CredSSP-like: everything travels as "TLS records", the header slot stays empty
            byte[] all = Arrays.copyOf(header, 20 + sealed.length);
            System.arraycopy(sealed, 0, all, 20, sealed.length);
            return new SealedMessage(new byte[0], all);
        }
        return new SealedMessage(header, sealed);
    }

    @Override
    public byte[] unwrap(SealedMessage sealed) throws SealingException {
        byte[] header = sealed.header();
        byte[] ciphertext = sealed.ciphertext();
        if (EncryptionProtocol.isCredSsp(protocol) && header.length == 0 && ciphertext.length >= 20) {
            header = Arrays.copyOf(ciphertext, 20);
            ciphertext = Arrays.copyOfRange(ciphertext, 20, ciphertext.length);
        }
        if (header.length != 20) {
            throw new SealingException("bad signature length");
        }
        int seq = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16 | (header[3] & 0xFF) << 24;
        if (seq != receiveSeq) {
            throw new SealingException("out of sequence");
        }
        byte[] plain = xor(ciphertext, receiveKey, seq);
        if (!MessageDigest.isEqual(mac(receiveKey, seq, plain), Arrays.copyOfRange(header, 4, 20))) {
            throw new SealingException("signature does not verify");
        }
        receiveSeq++;
        return plain;
    }

    private static byte[] xor(byte[] in, byte[] key, int seq) {
        ByteArrayOutputStream ks = new ByteArrayOutputStream();
        for (int block = 0; ks.size() < in.length; block++) {
            byte[] label = {'k', 's'};
            ks.writeBytes(hmac(key, label, le(seq), le(block)));
        }
        byte[] stream = ks.toByteArray();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (byte) (in[i] ^ stream[i]);
        }
        return out;
    }

    private static byte[] mac(byte[] key, int seq, byte[] plaintext) {
        return Arrays.copyOf(hmac(key, le(seq), plaintext), 16);
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                m.update(p);
            }
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] le(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
