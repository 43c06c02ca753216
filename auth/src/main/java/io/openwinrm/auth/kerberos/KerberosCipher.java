package io.openwinrm.auth.kerberos;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption with integrity for one Kerberos key, per key usage (RFC 3961 section 3, "encryption algorithm profile"):
 * a random 16-byte confounder is prepended, the result AES-CTS encrypted with the usage's encryption key Ke, and a
 * truncated HMAC with the integrity key Ki appended. The two profiles differ in key derivation and in what the HMAC
 * covers:
 * <ul>
 *   <li>RFC 3962 (etypes 17, 18): Ke/Ki = DK(base, usage ‖ AA/55) with the RFC 3961 simplified profile, HMAC-SHA1
 *       over the plaintext (confounder included), 96 bits;</li>
 *   <li>RFC 8009 (etypes 19, 20): Ke/Ki = KDF-HMAC-SHA2(base, usage ‖ AA/55), HMAC-SHA256/384 over IV ‖ ciphertext,
 *       128/192 bits.</li>
 * </ul>
 * Keys are derived once per usage. Instances are immutable and thread-safe.
 */
public abstract sealed class KerberosCipher permits KerberosCipher.Rfc3962, KerberosCipher.Rfc8009 {

    static final int CONFOUNDER = AesCts.BLOCK;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EncryptionType type;
    /** Usage → {Ke, Ki}, derived on first use (a context uses two usages: its own seal and its peer's). */
    private final java.util.concurrent.ConcurrentHashMap<Integer, byte[][]> keys =
            new java.util.concurrent.ConcurrentHashMap<>();

    private KerberosCipher(EncryptionType type) {
        this.type = type;
    }

    /** {Ke, Ki} for {@code usage}. */
    abstract byte[][] deriveKeys(int usage) throws GeneralSecurityException;

    /** The HMAC of this profile (HmacSHA1, HmacSHA256, HmacSHA384). */
    abstract String macAlgorithm();

    /** Usage → an encryptor and a MAC with that usage's keys, made once (the JCE objects are costly to create). */
    private final java.util.concurrent.ConcurrentHashMap<Integer, Engines> engines =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A CBC encryptor under Ke and a MAC under Ki; used under its own lock. */
    static final class Engines {
        final javax.crypto.Cipher cbc;
        final Mac mac;

        Engines(byte[] ke, byte[] ki, String macAlgorithm) throws GeneralSecurityException {
            cbc = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
            cbc.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(ke, "AES"),
                    new javax.crypto.spec.IvParameterSpec(new byte[AesCts.BLOCK]));
            mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(ki, macAlgorithm));
        }
    }

    final Engines engines(int usage) throws GeneralSecurityException {
        Engines e = engines.get(usage);
        if (e == null) {
            byte[][] k = keys(usage);
            e = new Engines(k[0], k[1], macAlgorithm());
            engines.putIfAbsent(usage, e);
            e = engines.get(usage);
        }
        return e;
    }

    /**
     * Encrypts {@code data[0, n)}, which already begins with its 16-byte confounder, for {@code usage}: the
     * ciphertext followed by the truncated HMAC, in one new array ({@link #ciphertextLength} of {@code n - 16}). The
     * fast path of {@link #encrypt(int, byte[])}, with no copy of the data.
     */
    public byte[] encryptWithConfounder(int usage, byte[] data, int n) throws GeneralSecurityException {
        if (n < CONFOUNDER) {
            throw new GeneralSecurityException("no confounder");
        }
        int h = type.checksumLength();
        byte[] out = new byte[n + h];
        Engines e = engines(usage);
        synchronized (e) {
            AesCts.encrypt(e.cbc, data, n, out);
            if (type.sha2()) {
                e.mac.update(new byte[AesCts.BLOCK]);
                e.mac.update(out, 0, n);
            } else {
                e.mac.update(data, 0, n);
            }
            byte[] mac = e.mac.doFinal();
            System.arraycopy(mac, 0, out, n, h);
        }
        return out;
    }

    /** Fills {@code data[0, 16)} with a fresh random confounder. */
    static void confound(byte[] data) {
        byte[] c = new byte[CONFOUNDER];
        RANDOM.nextBytes(c);
        System.arraycopy(c, 0, data, 0, CONFOUNDER);
    }

    final byte[][] keys(int usage) throws GeneralSecurityException {
        byte[][] k = keys.get(usage);
        if (k == null) {
            k = deriveKeys(usage);
            keys.putIfAbsent(usage, k);
        }
        return k;
    }

    /** A cipher for {@code baseKey} (the context's session or sub-session key) of encryption type {@code type}. */
    public static KerberosCipher of(EncryptionType type, byte[] baseKey) {
        if (baseKey.length != type.keyLength()) {
            throw new IllegalArgumentException(type + " needs a " + type.keyLength() + "-byte key, got "
                    + baseKey.length);
        }
        return type.sha2() ? new Rfc8009(type, baseKey) : new Rfc3962(type, baseKey);
    }

    public EncryptionType type() {
        return type;
    }

    /** Bytes the ciphertext of an {@code n}-byte plaintext has: confounder + n + checksum. */
    public int ciphertextLength(int n) {
        return CONFOUNDER + n + type.checksumLength();
    }

    /** Encrypts {@code plaintext} for key usage {@code usage} with a fresh random confounder. */
    public byte[] encrypt(int usage, byte[] plaintext) throws GeneralSecurityException {
        byte[] confounder = new byte[CONFOUNDER];
        RANDOM.nextBytes(confounder);
        return encrypt(usage, confounder, plaintext);
    }

    /** With a given confounder: the published test vectors fix it. */
    abstract byte[] encrypt(int usage, byte[] confounder, byte[] plaintext) throws GeneralSecurityException;

    /**
     * Checks the checksum (in constant time) and decrypts; returns the plaintext without its confounder.
     *
     * @throws GeneralSecurityException if the ciphertext is too short or does not verify
     */
    public abstract byte[] decrypt(int usage, byte[] ciphertext) throws GeneralSecurityException;

    static byte[] usageConstant(int usage, int kind) {
        return ByteBuffer.allocate(5).putInt(usage).put((byte) kind).array();
    }

    static byte[] hmac(String algorithm, byte[] key, byte[]... parts) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void checkLength(byte[] ciphertext) throws GeneralSecurityException {
        if (ciphertext.length < CONFOUNDER + type.checksumLength()) {
            throw new GeneralSecurityException(type + " ciphertext too short: " + ciphertext.length + " bytes");
        }
    }

    /** RFC 3962: aes*-cts-hmac-sha1-96, keys by the RFC 3961 simplified profile. */
    static final class Rfc3962 extends KerberosCipher {

        private final byte[] baseKey;

        Rfc3962(EncryptionType type, byte[] baseKey) {
            super(type);
            this.baseKey = baseKey.clone();
        }

        @Override
        String macAlgorithm() {
            return "HmacSHA1";
        }

        /**
         * DK(key, constant) of RFC 3961 section 5.1: AES-encrypt the constant n-folded to a block, then the previous
         * output, until there are enough bytes for a key (random-to-key is the identity for AES).
         */
        static byte[] derive(byte[] key, byte[] constant) throws GeneralSecurityException {
            byte[] block = NFold.fold(constant, AesCts.BLOCK);
            byte[] out = new byte[key.length];
            byte[] zeroIv = new byte[AesCts.BLOCK];
            for (int filled = 0; filled < out.length; filled += AesCts.BLOCK) {
                block = AesCts.cbc(javax.crypto.Cipher.ENCRYPT_MODE, key, zeroIv, block);
                System.arraycopy(block, 0, out, filled, Math.min(AesCts.BLOCK, out.length - filled));
            }
            return out;
        }

        @Override
        byte[][] deriveKeys(int usage) throws GeneralSecurityException {
            return new byte[][] {derive(baseKey, usageConstant(usage, 0xAA)), derive(baseKey, usageConstant(usage, 0x55))};
        }

        /** String-to-key of RFC 3962 section 4: DK(PBKDF2-HMAC-SHA1(password, salt, iterations), "kerberos"). */
        static byte[] stringToKey(EncryptionType type, char[] password, byte[] salt, int iterations)
                throws GeneralSecurityException {
            javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1");
            byte[] tkey = f.generateSecret(new javax.crypto.spec.PBEKeySpec(password, salt, iterations,
                    type.keyLength() * 8)).getEncoded();
            return derive(tkey, "kerberos".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        @Override
        byte[] encrypt(int usage, byte[] confounder, byte[] plaintext) throws GeneralSecurityException {
            byte[] ke = keys(usage)[0];
            byte[] ki = keys(usage)[1];
            byte[] data = concat(confounder, plaintext);
            byte[] mac = Arrays.copyOf(hmac("HmacSHA1", ki, data), type().checksumLength());
            return concat(AesCts.encrypt(ke, data), mac);
        }

        @Override
        public byte[] decrypt(int usage, byte[] ciphertext) throws GeneralSecurityException {
            super.checkLength(ciphertext);
            int h = type().checksumLength();
            byte[] ke = keys(usage)[0];
            byte[] ki = keys(usage)[1];
            byte[] data = AesCts.decrypt(ke, Arrays.copyOf(ciphertext, ciphertext.length - h));
            byte[] mac = Arrays.copyOf(hmac("HmacSHA1", ki, data), h);
            if (!MessageDigest.isEqual(mac, Arrays.copyOfRange(ciphertext, ciphertext.length - h, ciphertext.length))) {
                throw new GeneralSecurityException("Kerberos checksum does not verify");
            }
            return Arrays.copyOfRange(data, CONFOUNDER, data.length);
        }
    }

    /** RFC 8009: aes128-cts-hmac-sha256-128 and aes256-cts-hmac-sha384-192. */
    static final class Rfc8009 extends KerberosCipher {

        private final byte[] baseKey;
        private final String mac;

        Rfc8009(EncryptionType type, byte[] baseKey) {
            super(type);
            this.baseKey = baseKey.clone();
            this.mac = type == EncryptionType.AES128_CTS_HMAC_SHA256_128 ? "HmacSHA256" : "HmacSHA384";
        }

        @Override
        String macAlgorithm() {
            return mac;
        }

        /** KDF-HMAC-SHA2 of RFC 8009 section 3 (the SP 800-108 counter-mode KDF with one iteration). */
        static byte[] kdf(String mac, byte[] key, byte[] label, int bits) throws GeneralSecurityException {
            byte[] input = ByteBuffer.allocate(4 + label.length + 1 + 4).putInt(1).put(label).put((byte) 0)
                    .putInt(bits).array();
            return Arrays.copyOf(hmac(mac, key, input), bits / 8);
        }

        private byte[] ke(int usage) throws GeneralSecurityException {
            return keys(usage)[0];
        }

        private byte[] ki(int usage) throws GeneralSecurityException {
            return keys(usage)[1];
        }

        @Override
        byte[][] deriveKeys(int usage) throws GeneralSecurityException {
            return new byte[][] {kdf(mac, baseKey, usageConstant(usage, 0xAA), type().keyLength() * 8),
                kdf(mac, baseKey, usageConstant(usage, 0x55), type().checksumLength() * 8)};
        }

        @Override
        byte[] encrypt(int usage, byte[] confounder, byte[] plaintext) throws GeneralSecurityException {
            byte[] c = AesCts.encrypt(ke(usage), concat(confounder, plaintext));
            byte[] h = Arrays.copyOf(hmac(mac, ki(usage), new byte[AesCts.BLOCK], c), type().checksumLength());
            return concat(c, h);
        }

        @Override
        public byte[] decrypt(int usage, byte[] ciphertext) throws GeneralSecurityException {
            super.checkLength(ciphertext);
            int hl = type().checksumLength();
            byte[] c = Arrays.copyOf(ciphertext, ciphertext.length - hl);
            byte[] h = Arrays.copyOf(hmac(mac, ki(usage), new byte[AesCts.BLOCK], c), hl);
            if (!MessageDigest.isEqual(h, Arrays.copyOfRange(ciphertext, c.length, ciphertext.length))) {
                throw new GeneralSecurityException("Kerberos checksum does not verify");
            }
            byte[] data = AesCts.decrypt(ke(usage), c);
            return Arrays.copyOfRange(data, CONFOUNDER, data.length);
        }
    }
}
