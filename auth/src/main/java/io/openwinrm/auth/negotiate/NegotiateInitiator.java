package io.openwinrm.auth.negotiate;

import io.openwinrm.auth.ntlm.NtlmException;
import io.openwinrm.auth.ntlm.NtlmInitiator;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import io.openwinrm.auth.spi.SecurityContext.SealingException;
import io.openwinrm.auth.spnego.NegState;
import io.openwinrm.auth.spnego.NegTokenInit;
import io.openwinrm.auth.spnego.NegTokenResp;
import io.openwinrm.auth.spnego.SpnegoCodec;
import io.openwinrm.auth.spnego.SpnegoException;
import io.openwinrm.auth.spnego.SpnegoOids;
import io.openwinrm.auth.spnego.SpnegoToken;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Client side of the {@code Negotiate} scheme with NTLM, in either framing:
 * <ul>
 *   <li>{@link Framing#RAW_NTLM}: raw NTLMSSP tokens, what pywinrm/requests_ntlm, Go and winrm4j send;
 *       established as soon as {@link #respond} has produced the AUTHENTICATE;</li>
 *   <li>{@link Framing#SPNEGO}: NegTokenInit offering NTLM only, then NegTokenResp with the AUTHENTICATE and a
 *       mechListMIC (pypsrp/pyspnego); established when {@link #complete} has verified the server's
 *       accept-completed token and its mechListMIC.</li>
 * </ul>
 *
 * <p>Use: {@link #initialToken()} → send; on 401 with a token → {@link #respond(byte[])} → send; on the final 2xx
 * → {@link #complete(Optional)} with the {@code WWW-Authenticate: Negotiate} token if any; then
 * {@link #sessionSecurity()}. Not thread-safe.
 */
public final class NegotiateInitiator {

    /** How tokens are framed. */
    public enum Framing { RAW_NTLM, SPNEGO }

    private enum State { INITIAL, INIT_SENT, AUTHENTICATE_SENT, ESTABLISHED, FAILED }

    private static final List<String> MECH_TYPES = List.of(SpnegoOids.NTLM);

    private final NtlmInitiator ntlm;
    private final Framing framing;
    private final byte[] mechTypes = SpnegoCodec.encodeMechTypes(MECH_TYPES);
    private State state = State.INITIAL;
    private boolean micSent;

    public NegotiateInitiator(NtlmInitiatorSettings settings, Framing framing) {
        this.ntlm = new NtlmInitiator(settings);
        this.framing = Objects.requireNonNull(framing, "framing");
    }

    public Framing framing() {
        return framing;
    }

    /** The first token (NTLM NEGOTIATE, raw or inside a NegTokenInit). */
    public byte[] initialToken() {
        expect(State.INITIAL);
        byte[] negotiate = ntlm.negotiate();
        state = State.INIT_SENT;
        return framing == Framing.RAW_NTLM ? negotiate
                : SpnegoCodec.encode(new NegTokenInit(MECH_TYPES, Optional.of(negotiate), Optional.empty()));
    }

    /**
     * Answers the server's challenge token (from {@code WWW-Authenticate: Negotiate <token>} on a 401).
     *
     * @return the token carrying the AUTHENTICATE
     * @throws NtlmException   if the CHALLENGE is malformed or unacceptable
     * @throws SpnegoException if the SPNEGO framing is malformed, rejects us, or selects another mechanism
     */
    public byte[] respond(byte[] serverToken) throws NtlmException, SpnegoException {
        expect(State.INIT_SENT);
        state = State.FAILED;
        if (framing == Framing.RAW_NTLM) {
            byte[] authenticate = ntlm.authenticate(serverToken);
            state = State.ESTABLISHED;
            return authenticate;
        }
        NegTokenResp resp = expectResp(serverToken);
        if (resp.supportedMech().isPresent() && !resp.supportedMech().get().equals(SpnegoOids.NTLM)) {
            throw new SpnegoException("server selected " + resp.supportedMech().get() + ", only NTLM is offered");
        }
        boolean requestMic = resp.negState().filter(s -> s == NegState.REQUEST_MIC).isPresent();
        byte[] challenge = resp.responseToken().orElseThrow(
                () -> new SpnegoException("server's NegTokenResp carries no NTLM CHALLENGE"));
        byte[] authenticate = ntlm.authenticate(challenge);
        Optional<byte[]> mic = Optional.empty();
        if (ntlm.micSent() || requestMic) {
            NtlmSessionSecurity security = ntlm.sessionSecurity().orElseThrow(
                    () -> new NtlmException("server did not negotiate session security; cannot send a mechListMIC"));
            try {
                mic = Optional.of(security.getMic(mechTypes));
            } catch (SealingException e) {
                throw new NtlmException("cannot sign mechListMIC: " + e.getMessage(), e);
            }
            security.resetOutgoingCipher();
            micSent = true;
        }
        state = State.AUTHENTICATE_SENT;
        return SpnegoCodec.encode(new NegTokenResp(Optional.empty(), Optional.empty(), Optional.of(authenticate),
                mic));
    }

    /**
     * Finishes with the token of the server's final (2xx) reply, if it sent one. For raw NTLM nothing is
     * expected; for SPNEGO the token must be accept-completed and, when we sent a mechListMIC, carry the server's,
     * which is verified.
     */
    public void complete(Optional<byte[]> finalServerToken) throws SpnegoException {
        if (framing == Framing.RAW_NTLM) {
            expect(State.ESTABLISHED);
            return;
        }
        expect(State.AUTHENTICATE_SENT);
        state = State.FAILED;
        NegTokenResp resp = expectResp(finalServerToken.orElseThrow(
                () -> new SpnegoException("server's final reply carries no SPNEGO token")));
        if (resp.negState().filter(s -> s == NegState.ACCEPT_COMPLETED).isEmpty()) {
            throw new SpnegoException("server did not complete the negotiation: " + resp.negState());
        }
        Optional<byte[]> mic = resp.mechListMic();
        if (mic.isEmpty() && micSent) {
            throw new SpnegoException("server's final token has no mechListMIC");
        }
        if (mic.isPresent()) {
            NtlmSessionSecurity security = ntlm.sessionSecurity().orElseThrow(
                    () -> new SpnegoException("mechListMIC without session security"));
            try {
                security.verifyMic(mechTypes, mic.get());
            } catch (SealingException e) {
                throw new SpnegoException("server's mechListMIC does not verify");
            }
            security.resetIncomingCipher();
        }
        state = State.ESTABLISHED;
    }

    public boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    /** The sealing context, once established, if SIGN, SEAL, ESS and 128 were negotiated. */
    public Optional<NtlmSessionSecurity> sessionSecurity() {
        return isEstablished() ? ntlm.sessionSecurity() : Optional.empty();
    }

    private static NegTokenResp expectResp(byte[] token) throws SpnegoException {
        SpnegoToken decoded = SpnegoCodec.decode(token);
        if (!(decoded instanceof NegTokenResp resp)) {
            throw new SpnegoException("expected a SPNEGO NegTokenResp from the server");
        }
        if (resp.negState().filter(s -> s == NegState.REJECT).isPresent()) {
            throw new SpnegoException("server rejected the negotiation");
        }
        return resp;
    }

    private void expect(State expected) {
        if (state != expected) {
            throw new IllegalStateException("Negotiate initiator is " + state + ", expected " + expected);
        }
    }
}
