package io.openwinrm.transport.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Server-side Netty {@link SslContext}s: OpenSSL (BoringSSL via netty-tcnative) when available, else the JDK;
 * protocols TLS 1.3 and 1.2 only. The {@code withClientCertificates} variants ask for a client certificate in the
 * initial handshake ({@link ClientAuth#OPTIONAL}, so password clients still connect) and accept only chains issued
 * by the given certificates, which are also the CA names sent in the CertificateRequest (RFC 8446 4.3.2). Windows
 * obtains the certificate by renegotiation instead, which many clients cannot do ([MS-WSMV] 2.2.9;
 * {@code research/winrm-wire.md} 5.4).
 */
public final class ServerSslContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerSslContexts() {
    }

    /** From a PEM certificate chain (leaf first) and a PEM PKCS#8 private key. */
    public static SslContext fromPem(Path certificateChain, Path privateKey) throws IOException {
        checkReadable(certificateChain, privateKey);
        try {
            return configure(SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile()));
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot load TLS certificate " + certificateChain + " / key " + privateKey + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Like {@link #fromPem(Path, Path)}, also requesting a client certificate issued by one of the certificates in
     * {@code clientCaFile} (PEM).
     */
    public static SslContext withClientCertificates(Path certificateChain, Path privateKey, Path clientCaFile)
            throws IOException {
        checkReadable(certificateChain, privateKey);
        List<X509Certificate> issuers = Pem.readCertificates(clientCaFile);
        try {
            return configure(SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
                    .trustManager(issuers.toArray(X509Certificate[]::new))
                    .clientAuth(ClientAuth.OPTIONAL));
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot load TLS certificate " + certificateChain + " / key " + privateKey
                    + " / client CA file " + clientCaFile + ": " + e.getMessage(), e);
        }
    }

    public static SslContext of(PrivateKey key, X509Certificate... chain) throws SSLException {
        return configure(SslContextBuilder.forServer(key, chain));
    }

    /** In-memory variant of {@link #withClientCertificates(Path, Path, Path)}. */
    public static SslContext withClientCertificates(PrivateKey key, List<X509Certificate> clientIssuers,
                                                    X509Certificate... chain) throws SSLException {
        if (clientIssuers.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted client certificate issuer is required");
        }
        return configure(SslContextBuilder.forServer(key, chain)
                .trustManager(clientIssuers.toArray(X509Certificate[]::new))
                .clientAuth(ClientAuth.OPTIONAL));
    }

    /**
     * A JDK {@link javax.net.ssl.SSLContext} holding the same certificate chain and key, for TLS that runs outside
     * Netty's pipeline: CredSSP's inner TLS session ([MS-CSSP] 3.1.5), which Windows also runs with the server's own
     * certificate.
     */
    public static javax.net.ssl.SSLContext jdkFromPem(Path certificateChain, Path privateKey) throws IOException {
        checkReadable(certificateChain, privateKey);
        List<X509Certificate> chain = Pem.readCertificates(certificateChain);
        if (chain.isEmpty()) {
            throw new IOException("no certificate in " + certificateChain);
        }
        PrivateKey key = Pem.readPrivateKey(privateKey);
        try {
            char[] none = new char[0];
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, none);
            store.setKeyEntry("server", key, none, chain.toArray(X509Certificate[]::new));
            javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, none);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot load TLS certificate " + certificateChain + " / key " + privateKey + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether the OpenSSL provider is in use. */
    public static boolean openSslAvailable() {
        return OpenSsl.isAvailable();
    }

    private static void checkReadable(Path certificateChain, Path privateKey) throws IOException {
        if (!Files.isReadable(certificateChain)) {
            throw new IOException("certificate file " + certificateChain + " is not readable");
        }
        if (!Files.isReadable(privateKey)) {
            throw new IOException("private key file " + privateKey + " is not readable");
        }
    }

    private static SslContext configure(SslContextBuilder builder) throws SSLException {
        return builder.sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(PROTOCOLS)
                .build();
    }
}
