package io.openwinrm.auth.negotiate;

import io.openwinrm.auth.kerberos.KerberosSessionSecurity;
import io.openwinrm.auth.kerberos.KerberosSupport;
import io.openwinrm.auth.ntlm.NtlmAcceptor;
import io.openwinrm.auth.ntlm.NtlmAcceptorSettings;
import io.openwinrm.auth.ntlm.NtlmAuthentication;
import io.openwinrm.auth.ntlm.NtlmAuthenticationException;
import io.openwinrm.auth.ntlm.NtlmException;
import io.openwinrm.auth.ntlm.NtlmMessageCodec;
import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.auth.spi.SecurityContext.SealingException;
import io.openwinrm.auth.spnego.NegState;
import io.openwinrm.auth.spnego.NegTokenInit;
import io.openwinrm.auth.spnego.NegTokenResp;
import io.openwinrm.auth.spnego.SpnegoCodec;
import io.openwinrm.auth.spnego.SpnegoException;
import io.openwinrm.auth.spnego.SpnegoOids;
import io.openwinrm.auth.spnego.SpnegoToken;
import java.util.List;
import java.util.Optional;

/**
 * One connection's Negotiate/NTLM handshake, as an explicit state machine:
 *
 * <pre>
 * START ─ raw NEGOTIATE ─────────────▶ RAW_AUTHENTICATE ─ raw AUTHENTICATE ─▶ DONE (Success, no reply token)
 *   ├──── raw Kerberos AP-REQ ───────────────────────────────────────────────▶ DONE (Success, raw AP-REP)
 *   └──── SPNEGO NegTokenInit ─┬─ Kerberos first, with its AP-REQ ────────────▶ DONE (accept-completed + AP-REP)
 *                              ├─ NTLM first, with token ─▶ SPNEGO_AUTHENTICATE ─ AUTHENTICATE + mechListMIC ─▶
 *                              │                               DONE (Success, accept-completed + our mechListMIC)
 *                              └─ NTLM later / no token ─▶ SPNEGO_NEGOTIATE ─ NEGOTIATE ─▶ SPNEGO_AUTHENTICATE
 * any error ─▶ FAILED (Failure; the transport starts a new mechanism)
 * </pre>
 *
 * <p>SPNEGO mechListMIC ([MS-SPNG] 3.3.5.1, RFC 4178 5): the client's MIC over the DER mechTypes is verified with
 * incoming seq 0 and ours is made with outgoing seq 0; after each the RC4 stream of that direction restarts, the
 * sequence numbers do not (pyspnego's behaviour, winrm-wire.md 4.3). The MIC is required when the NTLM
 * AUTHENTICATE carried one or when we asked for it (request-mic).
 *
 * <p>Kerberos ({@link KerberosSupport}, when a keytab is configured) is taken when the client sends a raw Kerberos
 * token (pywinrm's {@code transport='kerberos'}) or puts Kerberos first in SPNEGO with its optimistic token, as
 * Windows clients do: one leg, the AP-REP in the final 200. The selected mechanism is the initiator's first, so no
 * mechListMIC is needed (RFC 4178 section 5).
 */
final class NegotiateMechanism implements AuthMechanism {

    static final String KERBEROS_REFUSED = "Kerberos is not enabled on this server (no keytab is configured)";
    static final String MECHANISM = "NTLM";

    private enum Phase { START, RAW_AUTHENTICATE, SPNEGO_NEGOTIATE, SPNEGO_AUTHENTICATE, DONE, FAILED }

    private final NtlmAcceptor acceptor;
    private final Optional<KerberosSupport> kerberos;
    private final boolean spnegoAllowed;
    private Phase phase = Phase.START;
    private byte[] mechTypes;
    private boolean micRequested;

    NegotiateMechanism(NtlmAcceptorSettings settings, boolean spnegoAllowed) {
        this(settings, Optional.empty(), spnegoAllowed);
    }

    NegotiateMechanism(NtlmAcceptorSettings settings, Optional<KerberosSupport> kerberos, boolean spnegoAllowed) {
        this.acceptor = new NtlmAcceptor(settings);
        this.kerberos = kerberos;
        this.spnegoAllowed = spnegoAllowed;
    }

    @Override
    public AuthStep step(byte[] token, ConnectionInfo connection) {
        Phase current = phase;
        phase = Phase.FAILED;
        try {
            AuthStep next = switch (current) {
                case START -> start(token, connection);
                case RAW_AUTHENTICATE -> rawAuthenticate(token, connection);
                case SPNEGO_NEGOTIATE -> spnegoNegotiate(token);
                case SPNEGO_AUTHENTICATE -> spnegoAuthenticate(token, connection);
                case DONE -> new AuthStep.Failure("Negotiate handshake already complete on this connection");
                case FAILED -> new AuthStep.Failure("Negotiate handshake already failed on this connection");
            };
            if (next instanceof AuthStep.Failure) {
                phase = Phase.FAILED;
            }
            return next;
        } catch (NtlmAuthenticationException e) {
            return new AuthStep.Failure(e.getMessage(), e.userName());
        } catch (NtlmException | SpnegoException e) {
            return new AuthStep.Failure(e.getMessage());
        }
    }

    private AuthStep start(byte[] token, ConnectionInfo connection) throws NtlmException, SpnegoException {
        if (NtlmMessageCodec.isNtlm(token)) {
            byte[] challenge = acceptor.challenge(requireNtlmType(token, 1));
            phase = Phase.RAW_AUTHENTICATE;
            return new AuthStep.Continue(challenge);
        }
        Optional<String> mech = SpnegoCodec.initialTokenMech(token);
        if (mech.isEmpty()) {
            return new AuthStep.Failure("unrecognised Negotiate token (neither NTLMSSP nor a GSS-API token)");
        }
        if (SpnegoOids.KERBEROS_FAMILY.contains(mech.get())) {
            if (kerberos.isEmpty() || !spnegoAllowed) {
                return new AuthStep.Failure(KERBEROS_REFUSED);
            }
            phase = Phase.DONE;
            return kerberos.get().authenticate(token, connection, KerberosSessionSecurity.SPNEGO_PROTOCOL);
        }
        if (!SpnegoOids.SPNEGO.equals(mech.get())) {
            return new AuthStep.Failure("unsupported GSS-API mechanism " + mech.get());
        }
        if (!spnegoAllowed) {
            return new AuthStep.Failure("the NTLM scheme takes raw NTLMSSP tokens, not SPNEGO");
        }
        SpnegoToken decoded = SpnegoCodec.decode(token);
        if (!(decoded instanceof NegTokenInit init)) {
            return new AuthStep.Failure("first SPNEGO token must be a NegTokenInit");
        }
        List<String> offered = init.mechTypes();
        if (kerberos.isPresent() && !offered.isEmpty() && SpnegoOids.KERBEROS_FAMILY.contains(offered.get(0))
                && init.mechToken().isPresent()) {
            return spnegoKerberos(offered.get(0), init.mechToken().get(), connection);
        }
        if (!offered.contains(SpnegoOids.NTLM)) {
            return new AuthStep.Failure(offered.stream().anyMatch(SpnegoOids.KERBEROS_FAMILY::contains)
                    ? KERBEROS_REFUSED : "no supported mechanism offered; this server accepts NTLM");
        }
        mechTypes = SpnegoCodec.encodeMechTypes(offered);
        if (offered.get(0).equals(SpnegoOids.NTLM) && init.mechToken().isPresent()) {
            byte[] challenge = acceptor.challenge(requireNtlmType(init.mechToken().get(), 1));
            phase = Phase.SPNEGO_AUTHENTICATE;
            return continueWith(NegState.ACCEPT_INCOMPLETE, Optional.of(SpnegoOids.NTLM), Optional.of(challenge));
        }
        // NTLM is not the initiator's first choice (or it sent no optimistic token): select it, drop the
        // optimistic token of the other mechanism, and ask for the mechListMIC (RFC 4178 5).
        micRequested = !offered.get(0).equals(SpnegoOids.NTLM);
        phase = Phase.SPNEGO_NEGOTIATE;
        return continueWith(micRequested ? NegState.REQUEST_MIC : NegState.ACCEPT_INCOMPLETE,
                Optional.of(SpnegoOids.NTLM), Optional.empty());
    }

    /** Kerberos chosen as the initiator's first mechanism: the AP-REP goes back in an accept-completed NegTokenResp. */
    private AuthStep spnegoKerberos(String mech, byte[] apReq, ConnectionInfo connection) {
        AuthStep step = kerberos.get().authenticate(apReq, connection, KerberosSessionSecurity.SPNEGO_PROTOCOL);
        if (!(step instanceof AuthStep.Success s)) {
            return step;
        }
        phase = Phase.DONE;
        byte[] reply = SpnegoCodec.encode(new NegTokenResp(Optional.of(NegState.ACCEPT_COMPLETED), Optional.of(mech),
                s.hasReplyToken() ? Optional.of(s.replyToken()) : Optional.empty(), Optional.empty()));
        return new AuthStep.Success(s.user(), s.securityContext(), reply);
    }

    private AuthStep spnegoNegotiate(byte[] token) throws NtlmException, SpnegoException {
        NegTokenResp resp = expectResp(token);
        byte[] negotiate = resp.responseToken().orElseThrow(
                () -> new SpnegoException("NegTokenResp without the NTLM NEGOTIATE"));
        byte[] challenge = acceptor.challenge(requireNtlmType(negotiate, 1));
        phase = Phase.SPNEGO_AUTHENTICATE;
        return continueWith(NegState.ACCEPT_INCOMPLETE, Optional.empty(), Optional.of(challenge));
    }

    private AuthStep spnegoAuthenticate(byte[] token, ConnectionInfo connection) throws NtlmException,
            SpnegoException {
        NegTokenResp resp = expectResp(token);
        byte[] authenticate = resp.responseToken().orElseThrow(
                () -> new SpnegoException("NegTokenResp without the NTLM AUTHENTICATE"));
        NtlmAuthentication auth = acceptor.authenticate(requireNtlmType(authenticate, 3), connection);
        Optional<String> user = Optional.of(auth.accountName());
        Optional<byte[]> clientMic = resp.mechListMic();
        Optional<byte[]> ourMic = Optional.empty();
        if (clientMic.isPresent()) {
            NtlmSessionSecurity security = auth.sessionSecurity().orElse(null);
            if (security == null) {
                return new AuthStep.Failure("mechListMIC sent without NTLM session security", user);
            }
            try {
                security.verifyMic(mechTypes, clientMic.get());
                security.resetIncomingCipher();
                ourMic = Optional.of(security.getMic(mechTypes));
                security.resetOutgoingCipher();
            } catch (SealingException e) {
                return new AuthStep.Failure("SPNEGO mechListMIC does not verify: " + e.getMessage(), user);
            }
        } else if (auth.micVerified() || micRequested) {
            return new AuthStep.Failure("SPNEGO mechListMIC missing (required after an NTLM MIC or request-mic)",
                    user);
        }
        byte[] reply = SpnegoCodec.encode(new NegTokenResp(Optional.of(NegState.ACCEPT_COMPLETED), Optional.empty(),
                Optional.empty(), ourMic));
        phase = Phase.DONE;
        return success(auth, reply);
    }

    private AuthStep rawAuthenticate(byte[] token, ConnectionInfo connection) throws NtlmException {
        NtlmAuthentication auth = acceptor.authenticate(requireNtlmType(token, 3), connection);
        phase = Phase.DONE;
        return success(auth, new byte[0]);
    }

    private static AuthStep success(NtlmAuthentication auth, byte[] reply) {
        Optional<SecurityContext> context = auth.sessionSecurity().map(s -> s);
        return new AuthStep.Success(new AuthenticatedUser(auth.accountName(), MECHANISM), context, reply);
    }

    private static AuthStep continueWith(NegState state, Optional<String> mech, Optional<byte[]> token) {
        return new AuthStep.Continue(SpnegoCodec.encode(new NegTokenResp(Optional.of(state), mech, token,
                Optional.empty())));
    }

    private static NegTokenResp expectResp(byte[] token) throws SpnegoException {
        if (!(SpnegoCodec.decode(token) instanceof NegTokenResp resp)) {
            throw new SpnegoException("expected a SPNEGO NegTokenResp");
        }
        if (resp.negState().filter(s -> s == NegState.REJECT).isPresent()) {
            throw new SpnegoException("client rejected the negotiation");
        }
        return resp;
    }

    private static byte[] requireNtlmType(byte[] token, int type) throws NtlmException {
        int actual = NtlmMessageCodec.messageType(token);
        if (actual != type) {
            throw new NtlmException("expected NTLM message type " + type + " at this point, got " + actual
                    + (type == 1 && actual == 3 ? " (AUTHENTICATE without a NEGOTIATE on this connection)" : ""));
        }
        return token;
    }
}
