package io.openwinrm.transport.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * Server-side Netty {@link SslContext}s: OpenSSL (BoringSSL via netty-tcnative) when available, else the JDK;
 * protocols TLS 1.3 and 1.2 only.
 */
public final class ServerSslContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerSslContexts() {
    }

    /** From a PEM certificate chain (leaf first) and a PEM PKCS#8 private key. */
    public static SslContext fromPem(Path certificateChain, Path privateKey) throws IOException {
        if (!Files.isReadable(certificateChain)) {
            throw new IOException("certificate file " + certificateChain + " is not readable");
        }
        if (!Files.isReadable(privateKey)) {
            throw new IOException("private key file " + privateKey + " is not readable");
        }
        try {
            return configure(SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile()));
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot load TLS certificate " + certificateChain + " / key " + privateKey + ": "
                    + e.getMessage(), e);
        }
    }

    public static SslContext of(PrivateKey key, X509Certificate... chain) throws SSLException {
        return configure(SslContextBuilder.forServer(key, chain));
    }

    /** Whether the OpenSSL provider is in use. */
    public static boolean openSslAvailable() {
        return OpenSsl.isAvailable();
    }

    private static SslContext configure(SslContextBuilder builder) throws SSLException {
        return builder.sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(PROTOCOLS)
                .build();
    }
}
