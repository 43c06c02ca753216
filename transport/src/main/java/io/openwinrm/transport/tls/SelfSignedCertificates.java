package io.openwinrm.transport.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates a self-signed server certificate for an HTTPS listener: EC P-256 key, SHA256withECDSA, subject
 * {@code CN=<host>}, subject alternative names for the host name, {@code localhost}, 127.0.0.1 and ::1 (RFC 5280
 * 4.2.1.6), serverAuth extended key usage, default validity one year.
 */
public final class SelfSignedCertificates {

    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    /** A certificate and its private key. */
    public record CertificateAndKey(X509Certificate certificate, PrivateKey privateKey) {
        public CertificateAndKey {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        /** SHA-256 fingerprint for clients to pin. */
        public String fingerprint() {
            return CertificateFingerprint.sha256(certificate);
        }

        /**
         * Writes {@code certificate} as PEM and the key as PEM PKCS#8 with mode 0600, each atomically.
         */
        public void write(Path certificateFile, Path keyFile) throws IOException {
            try {
                Pem.write(keyFile, Pem.encode("PRIVATE KEY", privateKey.getEncoded()), true);
                Pem.write(certificateFile, Pem.encode("CERTIFICATE", certificate.getEncoded()), false);
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException("cannot encode certificate", e);
            }
        }
    }

    private SelfSignedCertificates() {
    }

    public static CertificateAndKey generate(String hostName) {
        return generate(hostName, DEFAULT_VALIDITY);
    }

    public static CertificateAndKey generate(String hostName, Duration validity) {
        Objects.requireNonNull(hostName, "hostName");
        if (hostName.isBlank() || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("host name must not be blank and validity must be positive");
        }
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, hostName).addRDN(BCStyle.O, "OpenWinRM self-signed").build();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, random).setBit(126), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)), subject, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.subjectAlternativeName, false, subjectAltNames(hostName));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new CertificateAndKey(cert, pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate self-signed certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The certificate of CredSSP's inner TLS session ([MS-CSSP] 3.1.5), modelled on the one Windows' WS-Management
     * service makes for it: RSA 2048 (CredSSP clients bind to the PKCS#1 RSAPublicKey and accept no other key type),
     * SHA256withRSA, subject {@code CN=CREDSSP-<host>}, serverAuth, default validity one year. Clients do not verify it
     * (the pubKeyAuth binding does the work), so it need not name the host.
     */
    public static CertificateAndKey generateCredSsp(String hostName) {
        Objects.requireNonNull(hostName, "hostName");
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "CREDSSP-" + hostName).build();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, random).setBit(126), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(DEFAULT_VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new CertificateAndKey(cert, pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the CredSSP certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A self-signed client certificate for WinRM certificate authentication: EKU clientAuth and, as Windows'
     * certmapping expects, the user principal name as a UPN otherName SAN (OID 1.3.6.1.4.1.311.20.2.3). Being
     * self-signed it is also its own issuer, so its PEM can serve as the server's client CA file (tests, labs).
     */
    public static CertificateAndKey generateClient(String commonName, String upn, Duration validity) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(upn, "upn");
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, random).setBit(126), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)), subject, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            GeneralName upnName = new GeneralName(GeneralName.otherName, new org.bouncycastle.asn1.DERSequence(
                    new org.bouncycastle.asn1.ASN1Encodable[] {
                        new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"),
                        new org.bouncycastle.asn1.DERTaggedObject(true, 0,
                                new org.bouncycastle.asn1.DERUTF8String(upn))}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(upnName));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new CertificateAndKey(cert, pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a client certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames subjectAltNames(String hostName) {
        Set<String> dns = new LinkedHashSet<>(List.of(hostName, "localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        if (isIpLiteral(hostName)) {
            dns.remove(hostName);
            ips.add(hostName);
        }
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        if (!host.matches("[0-9.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
