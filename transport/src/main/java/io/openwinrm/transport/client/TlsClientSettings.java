package io.openwinrm.transport.client;

import io.openwinrm.transport.tls.CertificateFingerprint;
import io.openwinrm.transport.tls.Pem;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the client trusts an HTTPS server. Immutable; the {@link SSLContext} is built once, lazily.
 *
 * <ul>
 *   <li>{@link #systemDefault()}: the JDK trust store, host name verified (RFC 2818 / RFC 6125).</li>
 *   <li>{@link #trustCaFile(Path)}: only the CA certificates of a PEM file, host name verified.</li>
 *   <li>{@link #pinned(String)}: the leaf certificate's SHA-256 fingerprint must match; the chain need not be
 *       trusted and the host name is not checked (the pin identifies the server).</li>
 *   <li>{@link #insecure()}: anything is accepted; the caller must warn the user.</li>
 * </ul>
 * TLS 1.3 and 1.2 only; AES-GCM suites are offered first.
 */
public final class TlsClientSettings {

    public enum TrustMode { SYSTEM_DEFAULT, CA_FILE, PINNED, INSECURE }

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final TrustMode mode;
    private final Path caFile;
    private final byte[] pin;
    private final ClientKeyMaterial clientKey;
    private volatile SSLContext context;

    private TlsClientSettings(TrustMode mode, Path caFile, byte[] pin) {
        this(mode, caFile, pin, null);
    }

    private TlsClientSettings(TrustMode mode, Path caFile, byte[] pin, ClientKeyMaterial clientKey) {
        this.mode = mode;
        this.caFile = caFile;
        this.pin = pin;
        this.clientKey = clientKey;
    }

    /**
     * The same trust, presenting a client certificate when the server asks for one (WinRM certificate
     * authentication, [MS-WSMV] 3.1.4.1.28 / winrm-wire.md 5.4).
     *
     * @param certificateChainPem PEM certificate chain, leaf first
     * @param privateKeyPem       PEM private key (PKCS#8, or PKCS#1 / SEC1), unencrypted
     * @throws IOException if either file cannot be read or parsed
     */
    public TlsClientSettings withClientCertificate(Path certificateChainPem, Path privateKeyPem) throws IOException {
        return new TlsClientSettings(mode, caFile, pin, ClientKeyMaterial.load(certificateChainPem, privateKeyPem));
    }

    /** Whether a client certificate is configured. */
    public boolean hasClientCertificate() {
        return clientKey != null;
    }

    public static TlsClientSettings systemDefault() {
        return new TlsClientSettings(TrustMode.SYSTEM_DEFAULT, null, null);
    }

    public static TlsClientSettings trustCaFile(Path pemFile) {
        return new TlsClientSettings(TrustMode.CA_FILE, Objects.requireNonNull(pemFile, "pemFile"), null);
    }

    /**
     * @param sha256Fingerprint as {@link CertificateFingerprint#parse} accepts: with or without colons
     * @throws IllegalArgumentException if it is not a SHA-256 fingerprint
     */
    public static TlsClientSettings pinned(String sha256Fingerprint) {
        return new TlsClientSettings(TrustMode.PINNED, null, CertificateFingerprint.parse(sha256Fingerprint));
    }

    public static TlsClientSettings insecure() {
        return new TlsClientSettings(TrustMode.INSECURE, null, null);
    }

    public TrustMode trustMode() {
        return mode;
    }

    /** Whether the server's host name is checked against its certificate. */
    public boolean verifiesHostName() {
        return mode == TrustMode.SYSTEM_DEFAULT || mode == TrustMode.CA_FILE;
    }

    /** The context; built on first use. */
    public SSLContext sslContext() throws IOException {
        SSLContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    c = buildContext();
                    context = c;
                }
            }
        }
        return c;
    }

    /**
     * Layers TLS over a connected socket and configures protocols, suites, SNI and host name verification. The
     * handshake happens on first I/O or {@link SSLSocket#startHandshake()}.
     */
    public SSLSocket wrap(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) sslContext().getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters params = socket.getSSLParameters();
        params.setProtocols(supported(PROTOCOLS, socket.getSupportedProtocols()));
        params.setCipherSuites(gcmFirst(socket.getEnabledCipherSuites()));
        if (verifiesHostName()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(host)) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(params);
        return socket;
    }

    private SSLContext buildContext() throws IOException {
        try {
            TrustManager[] trust = switch (mode) {
                case SYSTEM_DEFAULT -> null;
                case CA_FILE -> caTrust(caFile);
                case PINNED -> new TrustManager[] {new PinnedTrustManager(pin)};
                case INSECURE -> new TrustManager[] {new PinnedTrustManager(null)};
            };
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(clientKey == null ? null : clientKey.keyManagers(), trust, new SecureRandom());
            return c;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] caTrust(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate cert : Pem.readCertificates(file)) {
            store.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    private static String[] supported(String[] wanted, String[] available) {
        List<String> av = Arrays.asList(available);
        return Arrays.stream(wanted).filter(av::contains).toArray(String[]::new);
    }

    static String[] gcmFirst(String[] suites) {
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String s : suites) {
            (s.contains("_GCM_") ? first : rest).add(s);
        }
        first.addAll(rest);
        return first.toArray(String[]::new);
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    @Override
    public String toString() {
        return "TlsClientSettings[" + mode + (pin != null ? " " + CertificateFingerprint.format(pin) : "")
                + (caFile != null ? " " + caFile : "") + "]";
    }

    /** Accepts a server whose leaf matches the pin, or any server when the pin is {@code null} (insecure). */
    private static final class PinnedTrustManager extends X509ExtendedTrustManager {
        private final byte[] pin;

        PinnedTrustManager(byte[] pin) {
            this.pin = pin;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (pin == null) {
                return;
            }
            if (chain == null || chain.length == 0) {
                throw new CertificateException("server sent no certificate");
            }
            byte[] actual = CertificateFingerprint.sha256Bytes(chain[0]);
            if (!MessageDigest.isEqual(actual, pin)) {
                throw new CertificateException("server certificate SHA-256 fingerprint "
                        + CertificateFingerprint.format(actual) + " does not match the pinned fingerprint "
                        + CertificateFingerprint.format(pin));
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
