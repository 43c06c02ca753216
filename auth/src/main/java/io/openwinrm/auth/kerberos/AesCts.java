package io.openwinrm.auth.kerberos;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in CBC mode with ciphertext stealing, as Kerberos uses it (RFC 3962 section 5, RFC 8009 section 5): the
 * plaintext is CBC-encrypted with its last block zero-padded, then the last two ciphertext blocks are swapped and the
 * output cut to the plaintext's length, so nothing is added. A single block is plain CBC. The initial vector is zero
 * for every GSS message (RFC 4121 section 4.2.4: no cipher state carried between messages).
 */
final class AesCts {

    static final int BLOCK = 16;
    private static final byte[] ZERO_IV = new byte[BLOCK];

    private AesCts() {
    }

    static byte[] encrypt(byte[] key, byte[] plaintext) throws GeneralSecurityException {
        int n = plaintext.length;
        if (n < BLOCK) {
            throw new GeneralSecurityException("CTS needs at least one block, got " + n + " bytes");
        }
        if (n == BLOCK) {
            return cbc(Cipher.ENCRYPT_MODE, key, ZERO_IV, plaintext);
        }
        int last = (n - 1) / BLOCK * BLOCK;   // start of the last (possibly partial) block
        int tail = n - last;                  // its length, 1..16
        byte[] padded = Arrays.copyOf(plaintext, last + BLOCK);
        byte[] c = cbc(Cipher.ENCRYPT_MODE, key, ZERO_IV, padded);
        byte[] out = new byte[n];
        System.arraycopy(c, 0, out, 0, last - BLOCK);                 // C1 .. C(n-2)
        System.arraycopy(c, last, out, last - BLOCK, BLOCK);           // Cn (full)
        System.arraycopy(c, last - BLOCK, out, last, tail);            // C(n-1), cut
        return out;
    }

    /**
     * {@link #encrypt(byte[], byte[])} of {@code in[0, n)} into {@code out[0, n)} with a prepared
     * {@code AES/CBC/NoPadding} encryptor (zero IV), without copying the input: the blocks before the last two go
     * through the cipher straight from {@code in}, the last two through a 32-byte scratch. The cipher is back at its
     * initial state afterwards. Not thread-safe for one cipher.
     */
    static void encrypt(Cipher cbc, byte[] in, int n, byte[] out) throws GeneralSecurityException {
        if (n < BLOCK) {
            throw new GeneralSecurityException("CTS needs at least one block, got " + n + " bytes");
        }
        if (n == BLOCK) {
            cbc.doFinal(in, 0, BLOCK, out, 0);
            return;
        }
        int last = (n - 1) / BLOCK * BLOCK;
        int tail = n - last;
        int head = last - BLOCK;
        if (head > 0) {
            cbc.update(in, 0, head, out, 0);
        }
        byte[] two = new byte[2 * BLOCK];
        System.arraycopy(in, head, two, 0, BLOCK + tail);
        byte[] c = cbc.doFinal(two);                                   // C(n-1), Cn; the cipher resets
        System.arraycopy(c, BLOCK, out, head, BLOCK);                   // Cn (full)
        System.arraycopy(c, 0, out, last, tail);                        // C(n-1), cut
    }

    static byte[] decrypt(byte[] key, byte[] ciphertext) throws GeneralSecurityException {
        int n = ciphertext.length;
        if (n < BLOCK) {
            throw new GeneralSecurityException("CTS needs at least one block, got " + n + " bytes");
        }
        if (n == BLOCK) {
            return cbc(Cipher.DECRYPT_MODE, key, ZERO_IV, ciphertext);
        }
        int last = (n - 1) / BLOCK * BLOCK;
        int tail = n - last;
        int stolen = last - BLOCK;            // start of the swapped full block
        byte[] out = new byte[n];
        byte[] prev = ZERO_IV;
        if (stolen > 0) {
            byte[] head = cbc(Cipher.DECRYPT_MODE, key, ZERO_IV, Arrays.copyOf(ciphertext, stolen));
            System.arraycopy(head, 0, out, 0, stolen);
            prev = Arrays.copyOfRange(ciphertext, stolen - BLOCK, stolen);
        }
        // the full block here is Cn = E(C(n-1) xor Pn||0): its raw decryption gives C(n-1) xor (Pn||0)
        byte[] d = block(key, Arrays.copyOfRange(ciphertext, stolen, stolen + BLOCK));
        byte[] cPrev = new byte[BLOCK];
        System.arraycopy(ciphertext, last, cPrev, 0, tail);
        System.arraycopy(d, tail, cPrev, tail, BLOCK - tail);
        for (int i = 0; i < tail; i++) {
            out[last + i] = (byte) (d[i] ^ cPrev[i]);
        }
        byte[] p = block(key, cPrev);
        for (int i = 0; i < BLOCK; i++) {
            out[stolen + i] = (byte) (p[i] ^ prev[i]);
        }
        return out;
    }

    /** One raw AES block decryption. */
    private static byte[] block(byte[] key, byte[] in) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
        return aes.doFinal(in);
    }

    static byte[] cbc(int mode, byte[] key, byte[] iv, byte[] in) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return aes.doFinal(in);
    }
}
