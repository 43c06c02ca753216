package io.openwinrm.auth.credssp;

import io.openwinrm.auth.ntlm.NtlmException;
import io.openwinrm.auth.ntlm.NtlmInitiator;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import io.openwinrm.auth.spi.SecurityContext.SealingException;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The client side of CredSSP ([MS-CSSP] 3.1.5), version 6: a TLS session inside the {@code CredSSP} HTTP tokens (the
 * server's certificate is not verified here, as the protocol says: the public-key binding proves it), raw NTLM inside
 * it, the nonce-hash binding of the server's public key, and then this user's password. The caller must already
 * trust the server as far as it trusts it with the password: HTTPS with a verified certificate, or a TrustedHosts
 * entry.
 *
 * <pre>
 * initialToken (ClientHello) → respond(server TLS) … → [handshake done] TSRequest{NTLM NEGOTIATE}
 * → respond(TSRequest{CHALLENGE}) → TSRequest{AUTHENTICATE, pubKeyAuth, nonce}
 * → respond(TSRequest{pubKeyAuth}) → TSRequest{authInfo} (established: the server's 200 follows)
 * </pre>
 *
 * Not thread-safe. {@link #close()} zeroes the password it holds.
 */
public final class CredSspInitiator implements AutoCloseable {

    private enum Phase { TLS, NEGOTIATE, PUBLIC_KEY, ESTABLISHED, FAILED }

    private final InnerTls tls;
    private final NtlmInitiator ntlm;
    private final String domain;
    private final String user;
    private final char[] password;
    private final SecureRandom random = new SecureRandom();
    private Phase phase = Phase.TLS;
    private byte[] nonce;
    private byte[] serverKey;

    /**
     * @param ntlm     the NTLM credentials and settings for the inner authentication (no channel binding: the
     *                 public-key binding replaces it)
     * @param domain   the domain sent in TSPasswordCreds (may be empty)
     * @param user     the user name sent in TSPasswordCreds
     * @param password the password sent in TSPasswordCreds (copied)
     */
    public CredSspInitiator(NtlmInitiatorSettings ntlm, String domain, String user, char[] password) {
        this.tls = new InnerTls(anyServer(), true);
        this.ntlm = new NtlmInitiator(ntlm);
        this.domain = domain;
        this.user = user;
        this.password = password.clone();
    }

    /** The ClientHello. */
    public byte[] initialToken() throws CredSspException {
        try {
            tls.begin();
            return tls.feed(new byte[0], 0).output();
        } catch (SSLException e) {
            phase = Phase.FAILED;
            throw new CredSspException("TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the server's token and returns the next one to send.
     *
     * @throws CredSspException if the server's token is malformed, reports an error, or fails the public-key binding
     */
    public byte[] respond(byte[] serverToken) throws CredSspException {
        Phase current = phase;
        phase = Phase.FAILED;
        try {
            InnerTls.Step s = tls.feed(serverToken, CredSspCodec.MAX_TS_REQUEST);
            byte[] next = switch (current) {
                case TLS -> {
                    if (!s.handshakeDone()) {
                        phase = Phase.TLS;
                        yield s.output();
                    }
                    serverKey = tls.peerSubjectPublicKey();
                    phase = Phase.NEGOTIATE;
                    yield concat(s.output(), seal(TsRequest.negotiate(CredSspAcceptor.VERSION, ntlm.negotiate())));
                }
                case NEGOTIATE -> authenticate(reply(s));
                case PUBLIC_KEY -> credentials(reply(s));
                default -> throw new CredSspException("CredSSP exchange already " + current.name().toLowerCase());
            };
            if (next.length == 0) {
                throw new CredSspException("the TLS handshake stalled");
            }
            return next;
        } catch (SSLException e) {
            throw new CredSspException("TLS: " + e.getMessage(), e);
        }
    }

    private byte[] authenticate(TsRequest reply) throws CredSspException, SSLException {
        byte[] challenge = reply.firstNegoToken().orElseThrow(
                () -> new CredSspException("the server's TSRequest carries no NTLM CHALLENGE"));
        byte[] authenticate;
        try {
            authenticate = ntlm.authenticate(challenge);
        } catch (NtlmException e) {
            throw new CredSspException("NTLM: " + e.getMessage(), e);
        }
        NtlmSessionSecurity security = security();
        nonce = new byte[CredSspCodec.NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] bound = CredSspAcceptor.bindingHash(CredSspAcceptor.CLIENT_TO_SERVER, nonce, serverKey);
        phase = Phase.PUBLIC_KEY;
        return seal(new TsRequest(CredSspAcceptor.VERSION, List.of(authenticate), Optional.empty(),
                Optional.of(sealWith(security, bound)), OptionalLong.empty(), Optional.of(nonce)));
    }

    private byte[] credentials(TsRequest reply) throws CredSspException, SSLException {
        if (reply.version() < 5) {
            throw new CredSspException("the server speaks CredSSP version " + reply.version()
                    + "; only 5 and later (the nonce binding) are used");
        }
        byte[] sealed = reply.pubKeyAuth().orElseThrow(
                () -> new CredSspException("the server's TSRequest carries no pubKeyAuth"));
        NtlmSessionSecurity security = security();
        byte[] answer;
        try {
            answer = security.unwrap(new SealedMessage(Arrays.copyOf(sealed, NtlmSessionSecurity.SIGNATURE_LENGTH),
                    Arrays.copyOfRange(sealed, Math.min(sealed.length, NtlmSessionSecurity.SIGNATURE_LENGTH),
                            sealed.length)));
        } catch (SealingException e) {
            throw new CredSspException("the server's pubKeyAuth does not verify: " + e.getMessage(), e);
        }
        if (!MessageDigest.isEqual(answer,
                CredSspAcceptor.bindingHash(CredSspAcceptor.SERVER_TO_CLIENT, nonce, serverKey))) {
            throw new CredSspException("the server's pubKeyAuth does not match its TLS key: no credentials sent");
        }
        byte[] creds = CredSspCodec.encodeCredentials(domain, user, password);
        try {
            byte[] out = seal(new TsRequest(CredSspAcceptor.VERSION, List.of(), Optional.of(sealWith(security, creds)),
                    Optional.empty(), OptionalLong.empty(), Optional.empty()));
            phase = Phase.ESTABLISHED;
            return out;
        } finally {
            Arrays.fill(creds, (byte) 0);
        }
    }

    /** Whether the credentials went out; the server's 200 is then the end of the exchange. */
    public boolean isEstablished() {
        return phase == Phase.ESTABLISHED;
    }

    /** The message sealing of this CredSSP session ([MS-WSMV] 2.2.9.1.3), once established. */
    public SecurityContext sessionSecurity() {
        if (!isEstablished()) {
            throw new IllegalStateException("CredSSP exchange not established");
        }
        return new CredSspSessionSecurity(tls);
    }

    /** Zeroes the password. */
    @Override
    public void close() {
        Arrays.fill(password, '\0');
    }

    private TsRequest reply(InnerTls.Step s) throws CredSspException {
        TsRequest r = CredSspCodec.decode(s.applicationData());
        if (r.errorCode().isPresent()) {
            throw new CredSspException(String.format("the server reported NTSTATUS 0x%08X",
                    r.errorCode().getAsLong() & 0xFFFFFFFFL));
        }
        return r;
    }

    private NtlmSessionSecurity security() throws CredSspException {
        return ntlm.sessionSecurity().orElseThrow(
                () -> new CredSspException("NTLM established no session security (SIGN, SEAL, 128 not negotiated)"));
    }

    private byte[] seal(TsRequest request) throws SSLException, CredSspException {
        return tls.wrap(CredSspCodec.encode(request));
    }

    private static byte[] sealWith(NtlmSessionSecurity security, byte[] plain) throws CredSspException {
        try {
            SealedMessage m = security.wrap(plain);
            return concat(m.header(), m.ciphertext());
        } catch (SealingException e) {
            throw new CredSspException("NTLM sealing: " + e.getMessage(), e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** [MS-CSSP] 3.1.5 step 1: the TLS certificate is not validated; pubKeyAuth binds the exchange to it. */
    private static SSLContext anyServer() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no TLS: " + e.getMessage(), e);
        }
    }
}
