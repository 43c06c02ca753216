package io.openwinrm.transport.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 fingerprints of DER-encoded certificates, shown as upper-case hex pairs joined by colons
 * ({@code AB:CD:...}, the form {@code openssl x509 -fingerprint -sha256} prints).
 */
public final class CertificateFingerprint {

    public static final int LENGTH = 32;

    private CertificateFingerprint() {
    }

    /** The raw 32-byte digest of the certificate's DER encoding. */
    public static byte[] sha256Bytes(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fingerprint in {@code AB:CD:...} form. */
    public static String sha256(X509Certificate certificate) {
        return format(sha256Bytes(certificate));
    }

    public static String format(byte[] digest) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /**
     * Parses a SHA-256 fingerprint written with or without colons (or spaces), any case, optionally prefixed
     * {@code sha256:} or {@code SHA256=}.
     *
     * @throws IllegalArgumentException if it is not 32 bytes of hex
     */
    public static byte[] parse(String text) {
        String s = text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sha256:") || lower.startsWith("sha256=")) {
            s = s.substring(7);
        }
        String hex = s.replace(":", "").replace(" ", "");
        if (hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("SHA-256 fingerprint must have 64 hex digits, got " + hex.length());
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SHA-256 fingerprint is not hexadecimal: " + text, e);
        }
    }
}
