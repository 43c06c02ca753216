package io.openwinrm.cli.setup;

import io.openwinrm.transport.tls.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/** Checks that a PEM certificate and a PEM private key can be read and belong together. */
public final class TlsFiles {

    private TlsFiles() {
    }

    /**
     * @return the leaf certificate
     * @throws IOException naming the file and what is wrong with it: unreadable, no certificate, no key, or a key
     *                     that does not sign for the certificate's public key
     */
    public static X509Certificate verifyPair(Path certificate, Path privateKey) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(certificate);
        if (chain.isEmpty()) {
            throw new IOException(certificate + ": no certificate in the file");
        }
        PrivateKey key = Pem.readPrivateKey(privateKey);
        X509Certificate leaf = chain.get(0);
        if (!signsFor(key, leaf)) {
            throw new IOException(privateKey + ": the private key does not match the certificate in " + certificate);
        }
        return leaf;
    }

    private static boolean signsFor(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] data = new byte[32];
            new SecureRandom().nextBytes(data);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(data);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(cert.getPublicKey());
            v.update(data);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
