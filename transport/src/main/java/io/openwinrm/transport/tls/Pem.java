package io.openwinrm.transport.tls;

import io.openwinrm.common.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Minimal PEM (RFC 7468) reading and writing of certificates and PKCS#8 private keys. */
public final class Pem {

    private Pem() {
    }

    public static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Reads every certificate in a PEM (or DER) file. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException("no certificate found in " + file);
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the first unencrypted private key of a PEM file: PKCS#8 ({@code PRIVATE KEY}) or a traditional
     * OpenSSL key pair ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}).
     *
     * @throws IOException naming the file when there is none or it cannot be parsed
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException(file + ": no unencrypted private key in the file");
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e
                    : new IOException(file + ": cannot read private key: " + e.getMessage(), e);
        }
    }

    /**
     * Writes text atomically; with {@code privateFile} the file gets mode 0600 from the start (POSIX only).
     */
    public static void write(Path file, String text, boolean privateFile) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.US_ASCII), privateFile);
    }
}
