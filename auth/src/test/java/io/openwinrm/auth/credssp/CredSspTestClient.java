package io.openwinrm.auth.credssp;

import io.openwinrm.auth.ntlm.NtlmCredentials;
import io.openwinrm.auth.ntlm.NtlmInitiator;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A CredSSP initiator for tests, written from [MS-CSSP] 3.1.5: a client SSLEngine, raw NTLM inside, the public-key
 * binding of the chosen version, then TSCredentials. Knobs let a test break each step.
 */
final class CredSspTestClient {

    final SSLEngine engine;
    final NtlmInitiator ntlm;
    int version = 6;
    String credentialUser;
    char[] credentialPassword;
    /** Changes the value bound in pubKeyAuth (a man in the middle's key). */
    byte[] publicKeyOverride;
    boolean omitNonce;
    X509Certificate serverCertificate;

    CredSspTestClient(String protocol, String user, String password) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        engine = ctx.createSSLEngine();
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {protocol});
        ntlm = new NtlmInitiator(NtlmInitiatorSettings.of(NtlmCredentials.ofPassword(user, "", password.toCharArray())));
        credentialUser = user;
        credentialPassword = password.toCharArray();
    }

    static SSLContext serverContext(String resource) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = CredSspTestClient.class.getResourceAsStream("/credssp/" + resource)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
        return ctx;
    }

    /** Runs the TLS handshake against {@code server}; returns the server's step after the client's last flight. */
    AuthStep handshake(AuthMechanism server, ConnectionInfo c) throws Exception {
        engine.beginHandshake();
        byte[] out = pump(new byte[0]);
        AuthStep step = null;
        while (out.length > 0) {
            step = server.step(out, c);
            if (!(step instanceof AuthStep.Continue cont)) {
                return step;
            }
            out = pump(cont.token());
        }
        serverCertificate = (X509Certificate) engine.getSession().getPeerCertificates()[0];
        return step;
    }

    /** Sends a TSRequest in one leg and returns the server's step. */
    AuthStep send(AuthMechanism server, ConnectionInfo c, TsRequest request) throws Exception {
        return server.step(wrap(CredSspCodec.encode(request)), c);
    }

    TsRequest reply(AuthStep step) throws Exception {
        return CredSspCodec.decode(unwrap(((AuthStep.Continue) step).token()));
    }

    /** The whole exchange; returns the server's last step. */
    AuthStep run(AuthMechanism server, ConnectionInfo c) throws Exception {
        AuthStep step = handshake(server, c);
        if (step instanceof AuthStep.Failure) {
            return step;
        }
        step = send(server, c, TsRequest.negotiate(version, ntlm.negotiate()));
        if (!(step instanceof AuthStep.Continue)) {
            return step;
        }
        byte[] challenge = reply(step).firstNegoToken().orElseThrow();
        byte[] authenticate = ntlm.authenticate(challenge);
        NtlmSessionSecurity sec = ntlm.sessionSecurity().orElseThrow();
        byte[] key = publicKeyOverride != null ? publicKeyOverride
                : InnerTls.subjectPublicKey(serverCertificate.getPublicKey().getEncoded());
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        boolean hash = version >= 5 && !omitNonce;
        byte[] bound = hash ? CredSspAcceptor.bindingHash(CredSspAcceptor.CLIENT_TO_SERVER, nonce, key) : key;
        step = send(server, c, new TsRequest(version, List.of(authenticate), Optional.empty(),
                Optional.of(seal(sec, bound)), OptionalLong.empty(), hash ? Optional.of(nonce) : Optional.empty()));
        if (!(step instanceof AuthStep.Continue)) {
            return step;
        }
        byte[] answer = unseal(sec, reply(step).pubKeyAuth().orElseThrow());
        byte[] expected;
        if (hash) {
            expected = CredSspAcceptor.bindingHash(CredSspAcceptor.SERVER_TO_CLIENT, nonce, key);
        } else {
            expected = key.clone();
            expected[0]++;
        }
        if (!Arrays.equals(answer, expected)) {
            throw new AssertionError("server's pubKeyAuth answer is wrong");
        }
        byte[] creds = CredSspCodec.encodeCredentials("", credentialUser, credentialPassword);
        return send(server, c, new TsRequest(version, List.of(), Optional.of(seal(sec, creds)), Optional.empty(),
                OptionalLong.empty(), Optional.empty()));
    }

    static byte[] seal(NtlmSessionSecurity sec, byte[] plain) throws Exception {
        SealedMessage m = sec.wrap(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(m.header());
        out.writeBytes(m.ciphertext());
        return out.toByteArray();
    }

    static byte[] unseal(NtlmSessionSecurity sec, byte[] sealed) throws Exception {
        return sec.unwrap(new SealedMessage(Arrays.copyOf(sealed, 16), Arrays.copyOfRange(sealed, 16, sealed.length)));
    }

    byte[] wrap(byte[] plain) throws Exception {
        ByteBuffer src = ByteBuffer.wrap(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            SSLEngineResult r = engine.wrap(src, net);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new IllegalStateException("wrap " + r);
            }
            out.write(net.array(), 0, net.position());
        } while (src.hasRemaining());
        return out.toByteArray();
    }

    byte[] unwrap(byte[] records) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(records);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (in.hasRemaining()) {
            ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            SSLEngineResult r = engine.unwrap(in, app);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                throw new IllegalStateException("unwrap " + r);
            }
            runTasks();
            out.write(app.array(), 0, app.position());
        }
        return out.toByteArray();
    }

    /** Feeds the server's handshake records and returns what the client sends next (empty: nothing). */
    private byte[] pump(byte[] token) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(token);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int steps = 0; steps < 200; steps++) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), net);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new IllegalStateException("handshake wrap " + r);
                }
                out.write(net.array(), 0, net.position());
            } else if (in.hasRemaining()) {
                ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
                SSLEngineResult r = engine.unwrap(in, app);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new IllegalStateException("handshake unwrap " + r);
                }
            } else {
                return out.toByteArray();
            }
        }
        throw new IllegalStateException("handshake does not progress");
    }

    private void runTasks() {
        for (Runnable t = engine.getDelegatedTask(); t != null; t = engine.getDelegatedTask()) {
            t.run();
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
