package io.openwinrm.transport.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;

/**
 * The RFC 5929 section 4 {@code tls-server-end-point} channel binding: the hash of the server certificate's DER
 * encoding, where the hash is the one of the certificate's signature algorithm, except that MD5 and SHA-1 (and
 * anything without a single identifiable hash, e.g. Ed25519) are replaced by SHA-256. NTLM ([MS-NLMP] 2.2.2.1
 * MsvAvChannelBindings) and Kerberos (RFC 4121 4.1.1.2) bind to it over HTTPS ([MS-WSMV] 2.2.4.34
 * CbtHardeningLevel); the caller prefixes {@code "tls-server-end-point:"} when building the
 * {@code gss_channel_bindings} application data.
 */
public final class TlsChannelBinding {

    /** Prefix of the channel binding's application data (RFC 5929 section 4). */
    public static final String PREFIX = "tls-server-end-point:";

    private static final String PSS = "1.2.840.113549.1.1.10";

    private static final Map<String, String> HASH_BY_SIGNATURE_OID = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.14", "SHA-224"),   // sha224WithRSAEncryption
            Map.entry("1.2.840.113549.1.1.11", "SHA-256"),   // sha256WithRSAEncryption
            Map.entry("1.2.840.113549.1.1.12", "SHA-384"),   // sha384WithRSAEncryption
            Map.entry("1.2.840.113549.1.1.13", "SHA-512"),   // sha512WithRSAEncryption
            Map.entry("1.2.840.10045.4.3.1", "SHA-224"),     // ecdsa-with-SHA224
            Map.entry("1.2.840.10045.4.3.2", "SHA-256"),     // ecdsa-with-SHA256
            Map.entry("1.2.840.10045.4.3.3", "SHA-384"),     // ecdsa-with-SHA384
            Map.entry("1.2.840.10045.4.3.4", "SHA-512"),     // ecdsa-with-SHA512
            Map.entry("2.16.840.1.101.3.4.3.1", "SHA-224"),  // dsa-with-sha224
            Map.entry("2.16.840.1.101.3.4.3.2", "SHA-256")); // dsa-with-sha256

    private static final Map<String, String> HASH_BY_DIGEST_OID = Map.of(
            "2.16.840.1.101.3.4.2.4", "SHA-224",
            "2.16.840.1.101.3.4.2.1", "SHA-256",
            "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");

    private TlsChannelBinding() {
    }

    /** The JCA name of the hash RFC 5929 prescribes for this certificate. */
    public static String hashAlgorithm(X509Certificate certificate) {
        String oid = certificate.getSigAlgOID();
        if (PSS.equals(oid)) {
            try {
                byte[] params = certificate.getSigAlgParams();
                if (params != null) {
                    String digest = RSASSAPSSparams.getInstance(params).getHashAlgorithm().getAlgorithm().getId();
                    return HASH_BY_DIGEST_OID.getOrDefault(digest, "SHA-256");
                }
            } catch (RuntimeException e) {
                return "SHA-256";
            }
            return "SHA-256";
        }
        return HASH_BY_SIGNATURE_OID.getOrDefault(oid, "SHA-256");
    }

    /** {@code H(certificate DER)}, without the {@value #PREFIX} prefix. */
    public static byte[] tlsServerEndPoint(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance(hashAlgorithm(certificate)).digest(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
