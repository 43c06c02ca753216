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
    private KerberosCipher(EncryptionType type) {
        this.type = type;
    }

    /** {Ke, Ki} for {@code usage}. */
    abstract byte[][] deriveKeys(int usage) throws GeneralSecurityException;

    /** The HMAC of this profile (HmacSHA1, HmacSHA256, HmacSHA384). */
    abstract String macAlgorithm();

    /**
     * Usage → its keys, a prepared encryptor and a MAC, derived and made on first use (a context uses two usages: its
     * own seal and its peer's; the JCE objects are costly to create).
     */
    private final java.util.concurrent.ConcurrentHashMap<Integer, Engines> engines =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Ke and Ki of one usage, a CBC encryptor under Ke and a MAC under Ki; the two engines are used under its lock. */
    static final class Engines {
        final byte[] ke;
        final byte[] ki;
        final javax.crypto.Cipher cbc;
        final Mac mac;

        Engines(byte[] ke, byte[] ki, String macAlgorithm) throws GeneralSecurityException {
            this.ke = ke;
            this.ki = ki;
            cbc = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
            cbc.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(ke, "AES"),
                    new javax.crypto.spec.IvParameterSpec(new byte[AesCts.BLOCK]));
            mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(ki, macAlgorithm));
        }

        /** The truncated HMAC of {@code prefix ‖ data[0, n)}. */
        synchronized byte[] mac(byte[] prefix, byte[] data, int n, int length) {
            mac.update(prefix);
            mac.update(data, 0, n);
            return Arrays.copyOf(mac.doFinal(), length);
        }
    }

    final Engines engines(int usage) throws GeneralSecurityException {
        Engines e = engines.get(usage);
        if (e == null) {
            byte[][] k = deriveKeys(usage);
            engines.putIfAbsent(usage, new Engines(k[0], k[1], macAlgorithm()));
            e = engines.get(usage);
        }
        return e;
    }

    /** {Ke, Ki} for {@code usage}. */
    final byte[][] keys(int usage) throws GeneralSecurityException {
        Engines e = engines(usage);
        return new byte[][] {e.ke.clone(), e.ki.clone()};
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
        }
        byte[] mac = type.sha2() ? e.mac(new byte[AesCts.BLOCK], out, n, h) : e.mac(new byte[0], data, n, h);
        System.arraycopy(mac, 0, out, n, h);
        return out;
    }

    /** Fills {@code data[0, 16)} with a fresh random confounder. */
    static void confound(byte[] data) {
        byte[] c = new byte[CONFOUNDER];
        RANDOM.nextBytes(c);
        System.arraycopy(c, 0, data, 0, CONFOUNDER);
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
    byte[] encrypt(int usage, byte[] confounder, byte[] plaintext) throws GeneralSecurityException {
        byte[] data = concat(confounder, plaintext);
        return encryptWithConfounder(usage, data, data.length);
    }

    /**
     * Checks the checksum (in constant time) and decrypts; returns the plaintext without its confounder. RFC 8009's
     * checksum covers IV ‖ ciphertext and is checked first; RFC 3962's covers the plaintext.
     *
     * @throws GeneralSecurityException if the ciphertext is too short or does not verify
     */
    public byte[] decrypt(int usage, byte[] ciphertext) throws GeneralSecurityException {
        checkLength(ciphertext);
        int h = type.checksumLength();
        Engines e = engines(usage);
        byte[] c = Arrays.copyOf(ciphertext, ciphertext.length - h);
        byte[] sent = Arrays.copyOfRange(ciphertext, c.length, ciphertext.length);
        if (type.sha2()) {
            verify(e.mac(new byte[AesCts.BLOCK], c, c.length, h), sent);
        }
        byte[] data = AesCts.decrypt(e.ke, c);
        if (!type.sha2()) {
            verify(e.mac(new byte[0], data, data.length, h), sent);
        }
        return Arrays.copyOfRange(data, CONFOUNDER, data.length);
    }

    private static void verify(byte[] expected, byte[] sent) throws GeneralSecurityException {
        if (!MessageDigest.isEqual(expected, sent)) {
            throw new GeneralSecurityException("Kerberos checksum does not verify");
        }
    }

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
            return new byte[][] {derive(baseKey, usageConstant(usage, 0xAA)),
                derive(baseKey, usageConstant(usage, 0x55))};
        }

        /** String-to-key of RFC 3962 section 4: DK(PBKDF2-HMAC-SHA1(password, salt, iterations), "kerberos"). */
        static byte[] stringToKey(EncryptionType type, char[] password, byte[] salt, int iterations)
                throws GeneralSecurityException {
            javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1");
            byte[] tkey = f.generateSecret(new javax.crypto.spec.PBEKeySpec(password, salt, iterations,
                    type.keyLength() * 8)).getEncoded();
            return derive(tkey, "kerberos".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
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

        @Override
        byte[][] deriveKeys(int usage) throws GeneralSecurityException {
            return new byte[][] {kdf(mac, baseKey, usageConstant(usage, 0xAA), type().keyLength() * 8),
                kdf(mac, baseKey, usageConstant(usage, 0x55), type().checksumLength() * 8)};
        }
    }
}
