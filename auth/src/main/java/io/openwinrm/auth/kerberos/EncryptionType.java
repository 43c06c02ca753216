package io.openwinrm.auth.kerberos;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Kerberos encryption types this package protects messages with: the AES types of RFC 3962 section 7 and
 * RFC 8009 section 8 (numbers from the IANA Kerberos parameters registry). RC4-HMAC (23, RFC 4757) and the DES types
 * are deliberately absent.
 */
public enum EncryptionType {

    /** aes128-cts-hmac-sha1-96, RFC 3962. */
    AES128_CTS_HMAC_SHA1_96(17, 16, 12),
    /** aes256-cts-hmac-sha1-96, RFC 3962: what Windows and MIT use by default. */
    AES256_CTS_HMAC_SHA1_96(18, 32, 12),
    /** aes128-cts-hmac-sha256-128, RFC 8009. */
    AES128_CTS_HMAC_SHA256_128(19, 16, 16),
    /** aes256-cts-hmac-sha384-192, RFC 8009. */
    AES256_CTS_HMAC_SHA384_192(20, 32, 24);

    private final int number;
    private final int keyLength;
    private final int checksumLength;

    EncryptionType(int number, int keyLength, int checksumLength) {
        this.number = number;
        this.keyLength = keyLength;
        this.checksumLength = checksumLength;
    }

    /** The etype number on the wire. */
    public int number() {
        return number;
    }

    /** Bytes of a key of this type. */
    public int keyLength() {
        return keyLength;
    }

    /** Bytes of the integrity checksum appended to every ciphertext (the truncated HMAC). */
    public int checksumLength() {
        return checksumLength;
    }

    /** Whether this is an RFC 8009 (SHA-2) type rather than an RFC 3962 (SHA-1) one. */
    boolean sha2() {
        return number >= 19;
    }

    /** The type with that etype number, or empty for one we do not support (RC4, DES, unknown). */
    public static Optional<EncryptionType> of(int number) {
        return Arrays.stream(values()).filter(t -> t.number == number).findFirst();
    }
}
