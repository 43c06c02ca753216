package io.openwinrm.auth.credssp;

import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import io.openwinrm.auth.spi.SecurityContext.SealingException;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The authentication half of a CredSSP acceptor ([MS-CSSP] 3.1.5, steps 2 to 5), over the TSRequests the client sends
 * inside the TLS session: its tokens are the decrypted TSRequest DER, its Continue tokens the TSRequest to encrypt
 * and send back. {@link CredSspMechanism} runs the TLS around it, in the same process or — on a privilege-separated
 * server — on the network side, which forwards these tokens to the monitor that runs this class, so the NTLM session
 * key and the delegated password never leave the monitor.
 *
 * <pre>
 * NEGOTIATE ── TSRequest{negoTokens} ─ inner Continue ──▶ NEGOTIATE
 *           └─ TSRequest{negoTokens, pubKeyAuth} ─ inner Success, binding verified ──▶ CREDENTIALS
 *           └─ inner Success without pubKeyAuth ──▶ PUBLIC_KEY ── TSRequest{pubKeyAuth} ──▶ CREDENTIALS
 * CREDENTIALS ── TSRequest{authInfo} ─ user matches, password verified ──▶ DONE (Success)
 * any error ──▶ FAILED (Failure)
 * </pre>
 *
 * <p>The client authenticates with SPNEGO/NTLM ({@code inner}, the same Negotiate mechanism the {@code Negotiate}
 * scheme uses, fed the negoTokens without the outer channel binding: the public-key binding replaces it). The
 * public-key binding (steps 3 and 4) ties that authentication to the TLS session: the client encrypts, with the NTLM
 * session sealing, either the server's subjectPublicKey (versions 2 to 4; we answer with its first byte plus one) or,
 * from version 5, SHA-256 of {@code "CredSSP Client-To-Server Binding Hash\0"}, its 32-byte nonce and the key (we
 * answer with the Server-To-Client hash). A mismatch means another TLS key was in between and is refused. A version 5+
 * client that sends no nonce is refused too (no downgrade to the weaker binding).
 */
public final class CredSspAcceptor implements AuthMechanism {

    /** The highest [MS-CSSP] version spoken, and the one every reply carries. */
    public static final int VERSION = 6;

    static final String CLIENT_TO_SERVER = "CredSSP Client-To-Server Binding Hash\0";
    static final String SERVER_TO_CLIENT = "CredSSP Server-To-Client Binding Hash\0";

    private enum Phase { NEGOTIATE, PUBLIC_KEY, CREDENTIALS, DONE, FAILED }

    private final byte[] publicKey;
    private final AuthMechanism inner;
    private final CredSspCredentialCheck check;
    private Phase phase = Phase.NEGOTIATE;
    private AuthStep.Success innerSuccess;
    private byte[] innerReply = new byte[0];

    /**
     * @param publicKey the subjectPublicKey of the certificate the TLS session presents ({@link #subjectPublicKey})
     * @param inner     the SPNEGO/NTLM acceptor for this connection
     * @param check     verifies the delegated credentials
     */
    public CredSspAcceptor(byte[] publicKey, AuthMechanism inner, CredSspCredentialCheck check) {
        this.publicKey = publicKey.clone();
        this.inner = inner;
        this.check = check;
    }

    /** The subjectPublicKey of {@code certificate} ([MS-CSSP] 3.1.5: what pubKeyAuth binds to). */
    public static byte[] subjectPublicKey(X509Certificate certificate) throws CredSspException {
        return InnerTls.subjectPublicKey(certificate.getPublicKey().getEncoded());
    }

    @Override
    public AuthStep step(byte[] token, ConnectionInfo connection) {
        Phase current = phase;
        phase = Phase.FAILED;
        AuthStep next;
        try {
            next = switch (current) {
                case NEGOTIATE, PUBLIC_KEY, CREDENTIALS -> request(current, CredSspCodec.decode(token), connection);
                case DONE -> new AuthStep.Failure("CredSSP handshake already complete on this connection");
                case FAILED -> new AuthStep.Failure("CredSSP handshake already failed on this connection");
            };
        } catch (CredSspException e) {
            next = new AuthStep.Failure("CredSSP: " + e.getMessage(),
                    innerSuccess == null ? Optional.empty() : Optional.of(innerSuccess.user().name()));
        }
        if (next instanceof AuthStep.Failure) {
            phase = Phase.FAILED;
        }
        return next;
    }

    private AuthStep request(Phase current, TsRequest request, ConnectionInfo connection) throws CredSspException {
        if (request.errorCode().isPresent()) {
            throw new CredSspException(String.format("the client reported NTSTATUS 0x%08X",
                    request.errorCode().getAsLong() & 0xFFFFFFFFL));
        }
        return switch (current) {
            case NEGOTIATE -> negotiate(request, connection);
            case PUBLIC_KEY -> {
                if (!request.negoTokens().isEmpty()) {
                    throw new CredSspException("negoToken after the inner authentication completed");
                }
                yield publicKey(request);
            }
            default -> credentials(request, connection);
        };
    }

    private AuthStep negotiate(TsRequest request, ConnectionInfo connection) throws CredSspException {
        byte[] token = request.firstNegoToken().orElseThrow(
                () -> new CredSspException("TSRequest without negoTokens before the inner authentication completed"));
        AuthStep step = inner.step(token, withoutChannelBinding(connection));
        if (step instanceof AuthStep.Failure f) {
            return new AuthStep.Failure("CredSSP inner authentication: " + f.reason(), f.userName());
        }
        if (step instanceof AuthStep.Continue c) {
            phase = Phase.NEGOTIATE;
            return new AuthStep.Continue(CredSspCodec.encode(TsRequest.negotiate(VERSION, c.token())));
        }
        innerSuccess = (AuthStep.Success) step;
        innerReply = innerSuccess.replyToken();
        if (!(innerSuccess.securityContext().orElse(null) instanceof NtlmSessionSecurity)) {
            return new AuthStep.Failure("CredSSP inner authentication gave no NTLM session security",
                    Optional.of(innerSuccess.user().name()));
        }
        if (request.pubKeyAuth().isEmpty()) {
            phase = Phase.PUBLIC_KEY;
            List<byte[]> tokens = innerReply.length == 0 ? List.of() : List.of(innerReply);
            return new AuthStep.Continue(CredSspCodec.encode(new TsRequest(VERSION, tokens, Optional.empty(),
                    Optional.empty(), OptionalLong.empty(), Optional.empty())));
        }
        return publicKey(request);
    }

    private AuthStep publicKey(TsRequest request) throws CredSspException {
        byte[] sealed = request.pubKeyAuth().orElseThrow(
                () -> new CredSspException("TSRequest without pubKeyAuth after the inner authentication"));
        Optional<byte[]> nonce = request.clientNonce();
        if (nonce.isEmpty() && request.version() >= 5) {
            throw new CredSspException("version " + request.version() + " client sent no clientNonce");
        }
        SecurityContext context = innerSuccess.securityContext().orElseThrow();
        byte[] key = publicKey;
        byte[] received = unseal(context, sealed, "pubKeyAuth");
        byte[] expected = nonce.isPresent() ? bindingHash(CLIENT_TO_SERVER, nonce.get(), key) : key;
        if (!MessageDigest.isEqual(received, expected)) {
            throw new CredSspException("pubKeyAuth does not match this server's TLS public key (a TLS"
                    + " man in the middle, or another certificate) for user '" + innerSuccess.user().name() + "'");
        }
        byte[] answer;
        if (nonce.isPresent()) {
            answer = bindingHash(SERVER_TO_CLIENT, nonce.get(), key);
        } else {
            answer = key.clone();
            answer[0]++;
        }
        byte[] answerSealed = sealWith(context, answer);
        List<byte[]> tokens = innerReply.length == 0 ? List.of() : List.of(innerReply);
        TsRequest reply = new TsRequest(VERSION, tokens, Optional.empty(), Optional.of(answerSealed),
                OptionalLong.empty(), Optional.empty());
        phase = Phase.CREDENTIALS;
        return new AuthStep.Continue(CredSspCodec.encode(reply));
    }

    private AuthStep credentials(TsRequest request, ConnectionInfo connection) throws CredSspException {
        byte[] sealed = request.authInfo().orElseThrow(
                () -> new CredSspException("TSRequest without authInfo (the delegated credentials)"));
        byte[] plain = unseal(innerSuccess.securityContext().orElseThrow(), sealed, "authInfo");
        AuthStep verdict;
        try (TsPasswordCredentials credentials = CredSspCodec.decodeCredentials(plain)) {
            verdict = check.verify(innerSuccess, credentials, connection);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        if (verdict instanceof AuthStep.Success s) {
            phase = Phase.DONE;
            return new AuthStep.Success(s.user(), Optional.empty(), new byte[0]);
        }
        return verdict;
    }

    /** SHA-256(magic ‖ nonce ‖ subjectPublicKey), [MS-CSSP] 3.1.5 steps 3 and 4 for version 5 and later. */
    static byte[] bindingHash(String magic, byte[] nonce, byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(magic.getBytes(StandardCharsets.US_ASCII));
            sha.update(nonce);
            sha.update(key);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /** NTLM sealing of a CredSSP field: the 16-byte signature followed by the sealed bytes ([MS-CSSP] 3.1.5). */
    private static byte[] sealWith(SecurityContext context, byte[] plain) throws CredSspException {
        try {
            SealedMessage m = context.wrap(plain);
            return concat(m.header(), m.ciphertext());
        } catch (SealingException e) {
            throw new CredSspException("cannot seal pubKeyAuth: " + e.getMessage(), e);
        }
    }

    private static byte[] unseal(SecurityContext context, byte[] sealed, String what) throws CredSspException {
        int sig = NtlmSessionSecurity.SIGNATURE_LENGTH;
        if (sealed.length < sig) {
            throw new CredSspException(what + " shorter than an NTLM signature");
        }
        try {
            return context.unwrap(new SealedMessage(Arrays.copyOf(sealed, sig),
                    Arrays.copyOfRange(sealed, sig, sealed.length)));
        } catch (SealingException e) {
            throw new CredSspException(what + " does not verify: " + e.getMessage(), e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /**
     * The connection as the inner mechanism sees it: not a TLS channel of its own, so no channel binding is asked
     * for (CredSSP clients send none inside; the pubKeyAuth binding ties the exchange to the inner TLS session).
     */
    private static ConnectionInfo withoutChannelBinding(ConnectionInfo c) {
        return new ConnectionInfo() {
            @Override
            public InetSocketAddress remoteAddress() {
                return c.remoteAddress();
            }

            @Override
            public InetSocketAddress localAddress() {
                return c.localAddress();
            }

            @Override
            public boolean secure() {
                return false;
            }

            @Override
            public String listenerName() {
                return c.listenerName();
            }
        };
    }
}
