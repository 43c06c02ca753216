package io.openwinrm.transport.client;

import io.openwinrm.transport.tls.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** A client certificate chain and its private key, read from PEM files, as JSSE key managers. */
final class ClientKeyMaterial {

    private static final char[] NO_PASSWORD = new char[0];

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private ClientKeyMaterial(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    static ClientKeyMaterial load(Path certificateChainPem, Path privateKeyPem) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(certificateChainPem);
        if (chain.isEmpty()) {
            throw new IOException("no certificate in " + certificateChainPem);
        }
        return new ClientKeyMaterial(chain, Pem.readPrivateKey(privateKeyPem));
    }

    KeyManager[] keyManagers() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, NO_PASSWORD);
        return kmf.getKeyManagers();
    }
}
