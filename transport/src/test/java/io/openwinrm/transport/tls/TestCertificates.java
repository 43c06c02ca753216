package io.openwinrm.transport.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test-only certificate factory: CAs, client certificates with UPN/e-mail SANs, chosen signature algorithms. */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(1000);

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
    }

    private TestCertificates() {
    }

    public static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public static KeyPair rsaKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        return g.generateKeyPair();
    }

    /** A self-signed CA. */
    public static Issued ca(String dn) throws Exception {
        KeyPair kp = ecKey();
        X509v3CertificateBuilder b = builder(name(dn), name(dn), kp, Instant.now().minusSeconds(300),
                Instant.now().plus(Duration.ofDays(1)));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(sign(b, kp.getPrivate(), "SHA256withECDSA"), kp.getPrivate());
    }

    /**
     * An end-entity certificate issued by {@code issuer}.
     *
     * @param upn   UPN otherName SAN, or null
     * @param email rfc822Name SAN, or null
     */
    public static Issued client(Issued issuer, String dn, String upn, String email, Instant notBefore,
                                Instant notAfter) throws Exception {
        KeyPair kp = ecKey();
        X509v3CertificateBuilder b = builder(
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), name(dn), kp,
                notBefore, notAfter);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        ASN1EncodableVector names = new ASN1EncodableVector();
        if (upn != null) {
            ASN1EncodableVector other = new ASN1EncodableVector();
            other.add(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"));
            other.add(new DERTaggedObject(true, 0, new DERUTF8String(upn)));
            names.add(new GeneralName(GeneralName.otherName, new DERSequence(other)));
        }
        if (email != null) {
            names.add(new GeneralName(GeneralName.rfc822Name, email));
        }
        if (names.size() > 0) {
            GeneralName[] array = new GeneralName[names.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = (GeneralName) names.get(i);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(array));
        }
        return new Issued(sign(b, issuer.key(), "SHA256withECDSA"), kp.getPrivate());
    }

    public static Issued client(Issued issuer, String dn, String upn, String email) throws Exception {
        return client(issuer, dn, upn, email, Instant.now().minusSeconds(300), Instant.now().plus(Duration.ofDays(1)));
    }

    /** A self-signed certificate signed with {@code algorithm} (e.g. {@code SHA1withRSA}). */
    public static X509Certificate selfSigned(KeyPair kp, String algorithm) throws Exception {
        X500Name name = new X500Name("CN=sig-test");
        return sign(builder(name, name, kp, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)),
                kp.getPrivate(), algorithm);
    }

    public static List<X509Certificate> chain(Issued leaf, Issued ca) {
        return List.of(leaf.certificate(), ca.certificate());
    }

    /** RFC 4514 string order, as {@link javax.security.auth.x500.X500Principal} reads it. */
    private static X500Name name(String dn) {
        return X500Name.getInstance(new javax.security.auth.x500.X500Principal(dn).getEncoded());
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair kp, Instant notBefore,
                                                    Instant notAfter) {
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore), Date.from(notAfter), subject, kp.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key, String algorithm) throws Exception {
        JcaContentSignerBuilder signer = new JcaContentSignerBuilder(algorithm);
        if (algorithm.contains("MGF1")) {
            signer.setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(signer.build(key)));
    }
}
