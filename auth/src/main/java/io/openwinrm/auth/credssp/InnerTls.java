package io.openwinrm.auth.credssp;

import io.openwinrm.auth.spnego.Der;
import io.openwinrm.auth.spnego.SpnegoException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The TLS server CredSSP runs inside the HTTP tokens ([MS-CSSP] 3.1.5, step 1): a JDK {@link SSLEngine} in server
 * mode, TLS 1.2 or 1.3 with AEAD suites only, fed the records of one {@code Authorization: CredSSP} token at a time.
 * Nothing is buffered between tokens: a token must hold whole records (every client sends what its TLS library
 * produced), and the application data one token may yield is capped, so a peer cannot make it grow.
 *
 * <p>Not thread-safe; the owner calls it for one token or message at a time.
 */
final class InnerTls {

    /** Upper bound on engine steps for one token: a handshake needs a few dozen. */
    private static final int MAX_STEPS = 256;
    private static final byte[] EMPTY = new byte[0];

    private final SSLEngine engine;

    /** What one token produced: records to send back, application data received, whether the handshake is over. */
    record Step(byte[] output, byte[] applicationData, boolean handshakeDone) {
    }

    InnerTls(SSLContext context) {
        this(context, false);
    }

    /** With {@code client}, the initiator's end ({@link CredSspInitiator}); call {@link #begin()} first. */
    InnerTls(SSLContext context, boolean client) {
        engine = context.createSSLEngine();
        engine.setUseClientMode(client);
        if (!client) {
            engine.setNeedClientAuth(false);
        }
        engine.setEnabledProtocols(Arrays.stream(engine.getSupportedProtocols())
                .filter(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2")).toArray(String[]::new));
        engine.setEnabledCipherSuites(Arrays.stream(engine.getEnabledCipherSuites())
                .filter(InnerTls::aead).toArray(String[]::new));
    }

    /** Starts a client's handshake: the next {@link #feed} of no bytes yields the ClientHello. */
    void begin() throws SSLException {
        engine.beginHandshake();
    }

    /** The subjectPublicKey of the certificate the peer (the server) presented. */
    byte[] peerSubjectPublicKey() throws CredSspException {
        try {
            Certificate[] peer = engine.getSession().getPeerCertificates();
            return subjectPublicKey(peer[0].getPublicKey().getEncoded());
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new CredSspException("the CredSSP TLS session has no server certificate");
        }
    }

    /** GCM and ChaCha20-Poly1305: a fixed trailer length ({@link #trailerLength}). */
    static boolean aead(String suite) {
        return suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305");
    }

    /**
     * Feeds the records of one token.
     *
     * @param records        the token's bytes
     * @param maxApplication the most application data accepted from this token
     * @throws SSLException     for a handshake or record failure (bad MAC, alert, protocol error)
     * @throws CredSspException for a token that ends inside a record, closes the session or exceeds the cap
     */
    Step feed(byte[] records, int maxApplication) throws SSLException, CredSspException {
        ByteBuffer in = ByteBuffer.wrap(records);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream app = new ByteArrayOutputStream();
        for (int steps = 0; steps < MAX_STEPS; steps++) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                        task.run();
                    }
                }
                case NEED_WRAP -> wrapOnce(ByteBuffer.wrap(EMPTY), out);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!in.hasRemaining()) {
                        return new Step(out.toByteArray(), app.toByteArray(), false);
                    }
                    unwrapOnce(in, app, maxApplication);
                }
                default -> {
                    if (!in.hasRemaining()) {
                        return new Step(out.toByteArray(), app.toByteArray(), true);
                    }
                    unwrapOnce(in, app, maxApplication);
                }
            }
        }
        throw new CredSspException("TLS token needed more than " + MAX_STEPS + " engine steps");
    }

    /** Encrypts application data into as many records as it needs (at most 16384 plaintext bytes each). */
    byte[] wrap(byte[] plaintext) throws SSLException, CredSspException {
        ByteBuffer src = ByteBuffer.wrap(plaintext);
        ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 64);
        do {
            wrapOnce(src, out);
        } while (src.hasRemaining());
        return out.toByteArray();
    }

    /**
     * Decrypts the records of one sealed message. The plaintext of TLS records is never longer than they are, so
     * the output is bounded by the input.
     */
    byte[] unwrap(byte[] records) throws SSLException, CredSspException {
        Step step = feed(records, records.length);
        if (!step.handshakeDone() || step.output().length > 0) {
            throw new CredSspException("TLS renegotiation or post-handshake messages are not accepted here");
        }
        return step.applicationData();
    }

    private void wrapOnce(ByteBuffer src, ByteArrayOutputStream out) throws SSLException, CredSspException {
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult r = engine.wrap(src, net);
        if (r.getStatus() != SSLEngineResult.Status.OK) {
            throw new CredSspException("TLS wrap: " + r.getStatus());
        }
        out.write(net.array(), 0, net.position());
    }

    private void unwrapOnce(ByteBuffer in, ByteArrayOutputStream app, int max) throws SSLException,
            CredSspException {
        ByteBuffer plain = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        SSLEngineResult r = engine.unwrap(in, plain);
        switch (r.getStatus()) {
            case OK -> {
                if (app.size() + plain.position() > max) {
                    throw new CredSspException("more than " + max + " bytes of TLS application data in one token");
                }
                app.write(plain.array(), 0, plain.position());
            }
            case BUFFER_UNDERFLOW -> throw new CredSspException("CredSSP token ends inside a TLS record");
            case CLOSED -> throw new CredSspException("the client closed the CredSSP TLS session");
            default -> throw new CredSspException("TLS unwrap: " + r.getStatus());
        }
    }

    /** The negotiated protocol, e.g. {@code TLSv1.3}. */
    String protocol() {
        return engine.getSession().getProtocol();
    }

    /**
     * The TLS trailer length Windows reports as {@code SecPkgContext_StreamSizes.cbTrailer} and writes before each
     * sealed message ([MS-WSMV] 2.2.9.1.3): the 16-byte AEAD tag, plus the inner content type byte in TLS 1.3.
     */
    int trailerLength() {
        return "TLSv1.3".equals(protocol()) ? 17 : 16;
    }

    /**
     * The subjectPublicKey of the certificate this side presented ([MS-CSSP] 3.1.5: the BIT STRING contents of its
     * SubjectPublicKeyInfo, e.g. the PKCS#1 RSAPublicKey), which pubKeyAuth binds to.
     */
    byte[] subjectPublicKey() throws CredSspException {
        Certificate[] local = engine.getSession().getLocalCertificates();
        if (local == null || local.length == 0) {
            throw new CredSspException("the CredSSP TLS session has no server certificate");
        }
        return subjectPublicKey(local[0].getPublicKey().getEncoded());
    }

    static byte[] subjectPublicKey(byte[] spki) throws CredSspException {
        try {
            Der.Reader info = new Der.Reader(spki).read(Der.SEQUENCE);
            info.read(Der.SEQUENCE);
            byte[] bits = info.read(Der.BIT_STRING).rest();
            if (bits.length < 2 || bits[0] != 0) {
                throw new CredSspException("server public key is not a whole number of bytes");
            }
            return Arrays.copyOfRange(bits, 1, bits.length);
        } catch (SpnegoException e) {
            throw new CredSspException("server public key: " + e.getMessage());
        }
    }

    /** Ends the session without notifying the peer; the engine's keys become garbage. */
    void close() {
        engine.closeOutbound();
    }

}
