package io.openwinrm.auth.ntlm;

import java.util.Objects;
import java.util.Optional;

/**
 * The client side of one NTLMv2 handshake ([MS-NLMP] 3.1.5): {@link #negotiate()}, then
 * {@link #authenticate(byte[])} with the server's CHALLENGE. Sends a MIC whenever the challenge carries
 * MsvAvTimestamp, and MsvAvChannelBindings when given the TLS server end point hash.
 *
 * <p>States: {@code INITIAL → NEGOTIATE_SENT → COMPLETE}, or {@code FAILED}. Not thread-safe.
 */
public final class NtlmInitiator {

    /** Lifecycle of one handshake. */
    public enum State { INITIAL, NEGOTIATE_SENT, COMPLETE, FAILED }

    /** SIGN|SEAL|KEY_EXCH|ESS|128|56|UNICODE|TARGET_INFO|ALWAYS_SIGN|VERSION, plus NTLM and REQUEST_TARGET. */
    public static final int REQUESTED_FLAGS = NegotiateFlags.UNICODE | NegotiateFlags.REQUEST_TARGET
            | NegotiateFlags.SIGN | NegotiateFlags.SEAL | NegotiateFlags.NTLM | NegotiateFlags.ALWAYS_SIGN
            | NegotiateFlags.EXTENDED_SESSIONSECURITY | NegotiateFlags.TARGET_INFO | NegotiateFlags.VERSION
            | NegotiateFlags.NEGOTIATE_128 | NegotiateFlags.KEY_EXCH | NegotiateFlags.NEGOTIATE_56;

    private static final int ACCEPTED_FROM_SERVER = REQUESTED_FLAGS | NegotiateFlags.OEM
            | NegotiateFlags.TARGET_TYPE_SERVER | NegotiateFlags.TARGET_TYPE_DOMAIN;

    private final NtlmInitiatorSettings settings;
    private State state = State.INITIAL;
    private byte[] negotiateBytes;
    private boolean micSent;
    private NtlmSessionSecurity sessionSecurity;

    public NtlmInitiator(NtlmInitiatorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public State state() {
        return state;
    }

    /** The NEGOTIATE_MESSAGE (first leg). */
    public byte[] negotiate() {
        expect(State.INITIAL);
        negotiateBytes = NtlmMessageCodec.encode(new NegotiateMessage(REQUESTED_FLAGS, Optional.empty(),
                Optional.empty(), Optional.of(NtlmVersion.DEFAULT)));
        state = State.NEGOTIATE_SENT;
        return negotiateBytes.clone();
    }

    /**
     * Answers the server's CHALLENGE_MESSAGE with an NTLMv2 AUTHENTICATE_MESSAGE.
     *
     * @throws MalformedNtlmMessageException if {@code challengeToken} is not a well-formed CHALLENGE_MESSAGE
     * @throws NtlmException                 if the server offers nothing this client accepts
     */
    public byte[] authenticate(byte[] challengeToken) throws NtlmException {
        expect(State.NEGOTIATE_SENT);
        state = State.FAILED;
        ChallengeMessage challenge = NtlmMessageCodec.decodeChallenge(challengeToken);
        if (NegotiateFlags.has(challenge.flags(), NegotiateFlags.ANONYMOUS)) {
            throw new NtlmException("server asked for an anonymous logon");
        }
        int flags = challenge.flags() & ACCEPTED_FROM_SERVER;
        if (NegotiateFlags.has(flags, NegotiateFlags.UNICODE)) {
            flags &= ~NegotiateFlags.OEM;
        }
        NtlmCredentials credentials = settings.credentials();
        TargetInfo info = challenge.targetInfo();
        Optional<Long> serverTime = info.timestamp();
        long time = serverTime.orElseGet(() -> NtlmAcceptor.fileTime(settings.clock().instant()));
        micSent = serverTime.isPresent();
        if (micSent) {
            info = info.with(TargetInfo.flagsPair(info.flags() | AvId.FLAG_MIC_PRESENT));
        }
        Optional<byte[]> cbt = settings.tlsServerEndPoint();
        if (cbt.isPresent()) {
            info = info.with(new AvPair(AvId.CHANNEL_BINDINGS, ChannelBindings.md5(cbt.get())));
        }
        if (settings.servicePrincipalName().isPresent()) {
            info = info.with(AvPair.ofString(AvId.TARGET_NAME, settings.servicePrincipalName().get()));
        }

        byte[] clientChallenge = new byte[8];
        settings.random().nextBytes(clientChallenge);
        byte[] key = NtlmCrypto.ntowfv2(credentials.ntHash(), credentials.user(), credentials.domain());
        byte[] temp = NtlmCrypto.clientBlob(time, clientChallenge, info);
        if (NtlmCrypto.NT_PROOF_LENGTH + temp.length > 0xFFFF) {
            // the server's TargetInfo, echoed with our pairs added, would not fit the 16-bit NtChallengeResponse length
            throw new MalformedNtlmMessageException("CHALLENGE TargetInfo too large to answer ("
                    + challenge.targetInfo().encode().length + " bytes)");
        }
        byte[] proof = NtlmCrypto.ntProofStr(key, challenge.serverChallenge(), temp);
        byte[] nt = NtlmCrypto.concat(proof, temp);
        byte[] lm = micSent ? new byte[24] : NtlmCrypto.lmv2Response(key, challenge.serverChallenge(), clientChallenge);
        byte[] sessionBaseKey = NtlmCrypto.sessionBaseKey(key, proof);

        byte[] exportedKey = sessionBaseKey;
        byte[] encryptedKey = new byte[0];
        if (NegotiateFlags.has(flags, NegotiateFlags.KEY_EXCH)) {
            exportedKey = new byte[16];
            settings.random().nextBytes(exportedKey);
            encryptedKey = NtlmCrypto.rc4k(sessionBaseKey, exportedKey);
        }
        Optional<NtlmVersion> version = NegotiateFlags.has(flags, NegotiateFlags.VERSION)
                ? Optional.of(NtlmVersion.DEFAULT) : Optional.empty();
        byte[] out = NtlmMessageCodec.encode(new AuthenticateMessage(flags, lm, nt, credentials.domain(),
                credentials.user(), settings.workstation(), encryptedKey, version,
                micSent ? Optional.of(new byte[16]) : Optional.empty()));
        if (micSent) {
            out = NtlmMessageCodec.withMic(out, NtlmCrypto.mic(exportedKey, negotiateBytes, challengeToken, out));
        }
        if (NegotiateFlags.has(flags, NegotiateFlags.SESSION_SECURITY)) {
            sessionSecurity = NtlmSessionSecurity.initiator(exportedKey);
        }
        state = State.COMPLETE;
        return out;
    }

    /** Whether the AUTHENTICATE carried a MIC (then SPNEGO must send a mechListMIC, [MS-SPNG] 3.1.5.1). */
    public boolean micSent() {
        return micSent;
    }

    /** The sealing context once complete, if SIGN, SEAL, ESS and 128 were negotiated. */
    public Optional<NtlmSessionSecurity> sessionSecurity() {
        return Optional.ofNullable(sessionSecurity);
    }

    private void expect(State expected) {
        if (state != expected) {
            throw new IllegalStateException("NTLM initiator is " + state + ", expected " + expected);
        }
    }
}
