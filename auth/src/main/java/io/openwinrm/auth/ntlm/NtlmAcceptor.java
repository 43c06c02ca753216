package io.openwinrm.auth.ntlm;

import io.openwinrm.auth.spi.ConnectionInfo;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The server side of one NTLMv2 handshake ([MS-NLMP] 3.2.5): NEGOTIATE in, CHALLENGE out, AUTHENTICATE in,
 * verified against the account's NT hash.
 *
 * <p>States: {@code INITIAL → CHALLENGE_SENT → COMPLETE}, or {@code FAILED} from any state on the first error
 * (a failed acceptor cannot be reused; the caller starts a new one).
 *
 * <p>Policy: NTLMv2 only (a 24-byte NtChallengeResponse is NTLMv1/LM and refused); anonymous sessions refused;
 * the MIC verified whenever MsvAvFlags says it is present; channel binding per {@link CbtHardening}; any domain
 * accepted (see {@link NtlmAcceptorSettings}), the response hashed with the domain as sent, upper-cased or empty
 * ({@link #domainCandidates}). Unknown users and wrong passwords get the same reason and the same
 * work. Not thread-safe: one instance per connection.
 */
public final class NtlmAcceptor {

    /** Lifecycle of one handshake. */
    public enum State { INITIAL, CHALLENGE_SENT, COMPLETE, FAILED }

    /** Flags this acceptor echoes when the client asks for them. */
    private static final int ECHOED = NegotiateFlags.REQUEST_TARGET | NegotiateFlags.SIGN | NegotiateFlags.SEAL
            | NegotiateFlags.EXTENDED_SESSIONSECURITY | NegotiateFlags.VERSION | NegotiateFlags.NEGOTIATE_128
            | NegotiateFlags.NEGOTIATE_56 | NegotiateFlags.KEY_EXCH | NegotiateFlags.IDENTIFY;
    private static final int MIN_NTLMV2_RESPONSE = NtlmCrypto.NT_PROOF_LENGTH + 28 + 4;
    private static final long FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600L;

    private final NtlmAcceptorSettings settings;
    private final byte[] decoyHash = new byte[16];
    private State state = State.INITIAL;
    private byte[] negotiateBytes;
    private byte[] challengeBytes;
    private ChallengeMessage challenge;

    public NtlmAcceptor(NtlmAcceptorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        settings.random().nextBytes(decoyHash);
    }

    public State state() {
        return state;
    }

    /**
     * Answers a NEGOTIATE_MESSAGE ([MS-NLMP] 3.2.5.1.1).
     *
     * @return the encoded CHALLENGE_MESSAGE
     * @throws MalformedNtlmMessageException if the token is not a NEGOTIATE_MESSAGE
     * @throws IllegalStateException         if called out of order
     */
    public byte[] challenge(byte[] negotiateToken) throws NtlmException {
        expect(State.INITIAL);
        state = State.FAILED;
        NegotiateMessage negotiate = NtlmMessageCodec.decodeNegotiate(negotiateToken);
        int requested = negotiate.flags();
        int flags = NegotiateFlags.NTLM | NegotiateFlags.TARGET_INFO | NegotiateFlags.TARGET_TYPE_SERVER
                | NegotiateFlags.ALWAYS_SIGN | (requested & ECHOED);
        flags |= NegotiateFlags.has(requested, NegotiateFlags.OEM) && !NegotiateFlags.has(requested,
                NegotiateFlags.UNICODE) ? NegotiateFlags.OEM : NegotiateFlags.UNICODE;
        byte[] serverChallenge = new byte[8];
        settings.random().nextBytes(serverChallenge);
        String nb = settings.netbiosName();
        TargetInfo info = new TargetInfo(List.of(
                AvPair.ofString(AvId.NB_DOMAIN_NAME, nb),
                AvPair.ofString(AvId.NB_COMPUTER_NAME, nb),
                AvPair.ofString(AvId.DNS_DOMAIN_NAME, settings.dnsDomainName()),
                AvPair.ofString(AvId.DNS_COMPUTER_NAME, settings.serverName()),
                TargetInfo.timestampPair(fileTime(settings.clock().instant()))));
        Optional<NtlmVersion> version = NegotiateFlags.has(flags, NegotiateFlags.VERSION)
                ? Optional.of(NtlmVersion.DEFAULT) : Optional.empty();
        challenge = new ChallengeMessage(flags, serverChallenge, nb, info, version);
        challengeBytes = NtlmMessageCodec.encode(challenge);
        negotiateBytes = negotiateToken.clone();
        state = State.CHALLENGE_SENT;
        return challengeBytes.clone();
    }

    /**
     * Verifies an AUTHENTICATE_MESSAGE ([MS-NLMP] 3.2.5.1.2).
     *
     * @param connection the connection, for TLS channel binding ({@link ConnectionInfo#tlsServerEndPoint()})
     * @throws MalformedNtlmMessageException if the token is not a well-formed AUTHENTICATE_MESSAGE
     * @throws NtlmAuthenticationException   if the credentials are refused
     * @throws IllegalStateException         if called out of order
     */
    public NtlmAuthentication authenticate(byte[] authenticateToken, ConnectionInfo connection) throws NtlmException {
        expect(State.CHALLENGE_SENT);
        state = State.FAILED;
        AuthenticateMessage auth = NtlmMessageCodec.decodeAuthenticate(authenticateToken);
        Optional<String> claimed = auth.user().isEmpty() ? Optional.empty()
                : Optional.of(auth.domain().isEmpty() ? auth.user() : auth.domain() + "\\" + auth.user());
        byte[] nt = auth.ntResponse();
        if (NegotiateFlags.has(auth.flags(), NegotiateFlags.ANONYMOUS) || auth.user().isEmpty()) {
            throw new NtlmAuthenticationException("anonymous NTLM logon refused", claimed);
        }
        if (nt.length == 0) {
            throw new NtlmAuthenticationException("LM-only NTLM response refused; NTLMv2 required", claimed);
        }
        if (nt.length == 24) {
            throw new NtlmAuthenticationException(
                    "NTLMv1 response refused; NTLMv2 required (client LmCompatibilityLevel 3 or higher)", claimed);
        }
        if (nt.length < MIN_NTLMV2_RESPONSE || nt[16] != 1 || nt[17] != 1) {
            throw new MalformedNtlmMessageException("NtChallengeResponse is not an NTLMv2 response");
        }
        TargetInfo clientInfo = TargetInfo.decode(nt, 44, nt.length - 44);
        long clientTime = Le.u64(nt, 24, "NTLMv2 timestamp");

        Optional<NtHashLookup.Entry> account = settings.accounts().find(auth.user());
        byte[] ntHash = account.map(NtHashLookup.Entry::ntHash).orElse(decoyHash);
        byte[] blob = Arrays.copyOfRange(nt, 16, nt.length);
        byte[] sentProof = Arrays.copyOf(nt, 16);
        byte[] key = null;
        byte[] proof = null;
        // every candidate gets the full check, matched or not: the same work for unknown users and wrong passwords
        for (String domain : domainCandidates(auth.domain())) {
            byte[] candidateKey = NtlmCrypto.ntowfv2(ntHash, auth.user(), domain);
            byte[] candidateProof = NtlmCrypto.ntProofStr(candidateKey, challenge.serverChallenge(), blob);
            if (MessageDigest.isEqual(candidateProof, sentProof) && key == null) {
                key = candidateKey;
                proof = candidateProof;
            }
        }
        if (account.isEmpty() || key == null) {
            throw new NtlmAuthenticationException("unknown user or wrong password", claimed);
        }

        int flags = auth.flags() & challenge.flags();
        byte[] exportedKey = NtlmCrypto.sessionBaseKey(key, proof);
        if (NegotiateFlags.has(flags, NegotiateFlags.KEY_EXCH)
                && (flags & (NegotiateFlags.SIGN | NegotiateFlags.SEAL)) != 0) {
            byte[] encrypted = auth.encryptedRandomSessionKey();
            if (encrypted.length != 16) {
                throw new MalformedNtlmMessageException("EncryptedRandomSessionKey must be 16 bytes with KEY_EXCH");
            }
            exportedKey = NtlmCrypto.rc4k(exportedKey, encrypted);
        }

        boolean micPresent = (clientInfo.flags() & AvId.FLAG_MIC_PRESENT) != 0;
        if (micPresent) {
            byte[] mic = auth.mic().orElseThrow(() -> new NtlmAuthenticationException(
                    "MsvAvFlags announces a MIC but the message has no room for one", claimed));
            byte[] expected = NtlmCrypto.mic(exportedKey, negotiateBytes, challengeBytes, authenticateToken);
            if (!MessageDigest.isEqual(expected, mic)) {
                throw new NtlmAuthenticationException("NTLM MIC does not verify (message altered)", claimed);
            }
        }
        checkChannelBinding(clientInfo, connection, claimed);
        checkSkew(clientTime, claimed);

        Optional<NtlmSessionSecurity> security = NegotiateFlags.has(flags, NegotiateFlags.SESSION_SECURITY)
                ? Optional.of(NtlmSessionSecurity.acceptor(exportedKey)) : Optional.empty();
        state = State.COMPLETE;
        return new NtlmAuthentication(account.get().name(), auth.user(), auth.domain(), auth.workstation(), flags,
                micPresent, security);
    }

    /**
     * The domain names an NTLMv2 response is checked with, as Samba's NTLMv2 check does: the DomainName as sent
     * ([MS-NLMP] 3.3.2 NTOWFv2), then upper-cased, then empty. Some clients hash with a name other than the one
     * they send (the npm package winrm-client upper-cases it, so {@code user@vm} arrives as domain {@code vm}
     * with a hash over {@code VM}); the proof itself is verified in full for each.
     */
    static List<String> domainCandidates(String sent) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        names.add(sent);
        names.add(sent.toUpperCase(Locale.ROOT));
        names.add("");
        return List.copyOf(names);
    }

    private void checkChannelBinding(TargetInfo clientInfo, ConnectionInfo connection, Optional<String> claimed)
            throws NtlmAuthenticationException {
        CbtHardening level = settings.cbtHardening();
        if (level == CbtHardening.NONE || !connection.secure()) {
            return;
        }
        Optional<byte[]> sent = clientInfo.find(AvId.CHANNEL_BINDINGS).map(AvPair::value)
                .filter(v -> !Arrays.equals(v, new byte[16]));
        Optional<byte[]> ours = connection.tlsServerEndPoint().map(ChannelBindings::md5);
        if (level == CbtHardening.STRICT) {
            if (ours.isEmpty()) {
                throw new NtlmAuthenticationException(
                        "channel binding required but the TLS server certificate hash is unknown", claimed);
            }
            if (sent.isEmpty()) {
                throw new NtlmAuthenticationException("channel binding required (CbtHardeningLevel Strict) but the "
                        + "client sent none", claimed);
            }
        }
        if (sent.isPresent() && ours.isPresent() && !MessageDigest.isEqual(sent.get(), ours.get())) {
            throw new NtlmAuthenticationException("channel binding does not match this TLS connection", claimed);
        }
    }

    private void checkSkew(long clientFileTime, Optional<String> claimed) throws NtlmAuthenticationException {
        if (settings.maxClockSkew().isEmpty()) {
            return;
        }
        if (clientFileTime < 0) {
            throw new NtlmAuthenticationException("NTLMv2 timestamp out of range", claimed);
        }
        long nowTicks = fileTime(settings.clock().instant());
        long limitTicks = settings.maxClockSkew().get().toMillis() * 10_000L;
        if (Math.abs(nowTicks - clientFileTime) > limitTicks) {
            throw new NtlmAuthenticationException("NTLMv2 timestamp outside the allowed clock skew", claimed);
        }
    }

    /** FILETIME: 100-ns ticks since 1601-01-01 UTC. */
    static long fileTime(Instant t) {
        return (t.getEpochSecond() + FILETIME_EPOCH_OFFSET_SECONDS) * 10_000_000L + t.getNano() / 100;
    }

    private void expect(State expected) {
        if (state != expected) {
            throw new IllegalStateException("NTLM acceptor is " + state + ", expected " + expected);
        }
    }
}
