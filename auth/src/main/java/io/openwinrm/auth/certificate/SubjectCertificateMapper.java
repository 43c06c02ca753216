package io.openwinrm.auth.certificate;

import io.openwinrm.auth.spi.AuthenticatedUser;
import java.io.IOException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * Maps the leaf certificate to an account name through a table, trying in order: the UPN otherName subject
 * alternative name ({@value #UPN_OID}, what Windows certmapping matches), rfc822Name (e-mail) SANs, then the
 * exact subject distinguished name. UPN and e-mail keys compare case-insensitively; DN keys compare as X.500
 * names (RFC 4514 string form, canonicalised by {@link X500Principal}, so spacing and attribute-type case do not
 * matter but values and RDN order do). A key that is not a valid DN and contains {@code @} is a UPN/e-mail key.
 *
 * <p>Immutable and thread-safe.
 */
public final class SubjectCertificateMapper implements CertificateMapper {

    /** The Microsoft UPN otherName type ({@code szOID_NT_PRINCIPAL_NAME}). */
    public static final String UPN_OID = "1.3.6.1.4.1.311.20.2.3";

    /** The {@link AuthenticatedUser#mechanism()} of users authenticated by certificate. */
    public static final String MECHANISM = "Certificate";

    private final Map<String, String> byName = new HashMap<>();
    private final Map<X500Principal, String> byDn = new HashMap<>();

    /**
     * @param accounts key: a subject DN ({@code CN=alice,O=Example}), a UPN ({@code alice@example.com}) or an e-mail
     *                 address; value: the local account name to authenticate as
     * @throws IllegalArgumentException for a blank key or account name
     */
    public SubjectCertificateMapper(Map<String, String> accounts) {
        accounts.forEach((key, account) -> {
            if (key == null || key.isBlank() || account == null || account.isBlank()) {
                throw new IllegalArgumentException("certificate mapping keys and account names must not be blank");
            }
            X500Principal dn = dn(key);
            if (dn != null && key.contains("=")) {
                byDn.put(dn, account);
            } else {
                byName.put(key.trim().toLowerCase(Locale.ROOT), account);
            }
        });
    }

    @Override
    public Optional<AuthenticatedUser> map(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return Optional.empty();
        }
        X509Certificate leaf = chain[0];
        for (String upn : upns(leaf)) {
            String account = byName.get(upn.toLowerCase(Locale.ROOT));
            if (account != null) {
                return Optional.of(new AuthenticatedUser(account, MECHANISM));
            }
        }
        for (String mail : emails(leaf)) {
            String account = byName.get(mail.toLowerCase(Locale.ROOT));
            if (account != null) {
                return Optional.of(new AuthenticatedUser(account, MECHANISM));
            }
        }
        return Optional.ofNullable(byDn.get(leaf.getSubjectX500Principal()))
                .map(account -> new AuthenticatedUser(account, MECHANISM));
    }

    /** The UPN otherName values of the certificate's subject alternative names. */
    public static List<String> upns(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        byte[] ext = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (ext == null) {
            return out;
        }
        try {
            GeneralNames names = GeneralNames.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
            for (GeneralName name : names.getNames()) {
                if (name.getTagNo() != GeneralName.otherName) {
                    continue;
                }
                OtherName other = OtherName.getInstance(name.getName());
                if (!other.getTypeID().equals(new ASN1ObjectIdentifier(UPN_OID))) {
                    continue;
                }
                ASN1Encodable value = other.getValue();
                while (value instanceof ASN1TaggedObject tagged) {
                    value = tagged.getExplicitBaseObject();
                }
                if (value instanceof ASN1String s) {
                    out.add(s.getString());
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unparsable SAN maps to nothing
            return List.of();
        }
        return out;
    }

    private static List<String> emails(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(GeneralName.rfc822Name).equals(san.get(0))
                            && san.get(1) instanceof String s) {
                        out.add(s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return out;
    }

    private static X500Principal dn(String key) {
        try {
            return new X500Principal(key.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
