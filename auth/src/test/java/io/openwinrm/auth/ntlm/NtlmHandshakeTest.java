package io.openwinrm.auth.ntlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.auth.account.NtHash;
import io.openwinrm.auth.spi.ConnectionInfo;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NtlmHandshakeTest {

    static final Map<String, byte[]> ACCOUNTS = Map.of(
            "Alice", NtHash.of("s3cret!".toCharArray()),
            "bob", NtHash.of("hunter2".toCharArray()));
    static final NtHashLookup LOOKUP = NtHashLookup.caseInsensitive(
            name -> Optional.ofNullable(ACCOUNTS.get(name)), ACCOUNTS::keySet);
    static final byte[] CERT_HASH = new byte[32];

    static {
        Arrays.fill(CERT_HASH, (byte) 0x42);
    }

    private static NtlmAcceptor acceptor(CbtHardening cbt) {
        return new NtlmAcceptor(NtlmAcceptorSettings.of(LOOKUP, "winrm-host.example.test", cbt));
    }

    private static NtlmInitiatorSettings client(String user, String password) {
        return NtlmInitiatorSettings.of(NtlmCredentials.parse(user, password.toCharArray()));
    }

    /** Runs the three legs; returns the acceptor's result. */
    static NtlmAuthentication run(NtlmAcceptor acceptor, NtlmInitiator initiator, ConnectionInfo conn)
            throws NtlmException {
        byte[] challenge = acceptor.challenge(initiator.negotiate());
        return acceptor.authenticate(initiator.authenticate(challenge), conn);
    }

    @Test
    void rightPasswordAuthenticatesWithMicAndSessionSecurity() throws Exception {
        NtlmAcceptor acceptor = acceptor(CbtHardening.RELAXED);
        NtlmInitiator initiator = new NtlmInitiator(client("WORKGROUP\\alice", "s3cret!"));
        NtlmAuthentication auth = run(acceptor, initiator, TestConnections.PLAIN);
        assertThat(auth.accountName()).isEqualTo("Alice");
        assertThat(auth.clientUserName()).isEqualTo("alice");
        assertThat(auth.clientDomain()).isEqualTo("WORKGROUP");
        assertThat(auth.micVerified()).isTrue();
        assertThat(initiator.micSent()).isTrue();
        assertThat(NegotiateFlags.has(auth.flags(), NegotiateFlags.SESSION_SECURITY | NegotiateFlags.KEY_EXCH))
                .isTrue();
        assertThat(acceptor.state()).isEqualTo(NtlmAcceptor.State.COMPLETE);

        NtlmSessionSecurity server = auth.sessionSecurity().orElseThrow();
        NtlmSessionSecurity clientSide = initiator.sessionSecurity().orElseThrow();
        for (int i = 0; i < 20; i++) {
            byte[] m = ("message " + i).getBytes();
            assertThat(server.unwrap(clientSide.wrap(m))).isEqualTo(m);
            assertThat(clientSide.unwrap(server.wrap(m))).isEqualTo(m);
        }
    }

    @Test
    void challengeCarriesNamesTimestampAndEchoesRequestedFlags() throws Exception {
        NtlmAcceptor acceptor = acceptor(CbtHardening.RELAXED);
        byte[] negotiate = new NtlmInitiator(client("bob", "hunter2")).negotiate();
        ChallengeMessage c = NtlmMessageCodec.decodeChallenge(acceptor.challenge(negotiate));
        assertThat(c.targetName()).isEqualTo("WINRM-HOST");
        assertThat(c.targetInfo().find(AvId.NB_COMPUTER_NAME).orElseThrow().valueAsString()).isEqualTo("WINRM-HOST");
        assertThat(c.targetInfo().find(AvId.DNS_COMPUTER_NAME).orElseThrow().valueAsString())
                .isEqualTo("winrm-host.example.test");
        assertThat(c.targetInfo().find(AvId.DNS_DOMAIN_NAME).orElseThrow().valueAsString())
                .isEqualTo("example.test");
        assertThat(c.targetInfo().timestamp()).isPresent();
        assertThat(NegotiateFlags.has(c.flags(), NtlmInitiator.REQUESTED_FLAGS | NegotiateFlags.TARGET_TYPE_SERVER))
                .isTrue();
    }

    @Test
    void goStyleNegotiateWithoutKeyExchGetsNoKeyExchOrLmKey() throws Exception {
        // go-ntlmssp: 0xa0880001 (UNICODE, ESS, TARGET_INFO, 128, 56); it refuses KEY_EXCH and LM_KEY
        byte[] negotiate = NtlmMessageCodec.encode(new NegotiateMessage(0xa0880001, Optional.empty(),
                Optional.empty(), Optional.empty()));
        ChallengeMessage c = NtlmMessageCodec.decodeChallenge(acceptor(CbtHardening.RELAXED).challenge(negotiate));
        assertThat(c.flags() & (NegotiateFlags.KEY_EXCH | NegotiateFlags.LM_KEY)).isZero();
        assertThat(c.version()).isEmpty();
    }

    @Test
    void oemClientGetsOemStrings() throws Exception {
        // requests_ntlm / ntlm_auth 1.x: 0xe2889032, OEM without UNICODE
        byte[] negotiate = NtlmMessageCodec.encode(new NegotiateMessage(0xe2889032 & ~NegotiateFlags.OEM_DOMAIN_SUPPLIED,
                Optional.empty(), Optional.empty(), Optional.empty()));
        byte[] challenge = acceptor(CbtHardening.RELAXED).challenge(negotiate);
        ChallengeMessage c = NtlmMessageCodec.decodeChallenge(challenge);
        assertThat(NegotiateFlags.has(c.flags(), NegotiateFlags.OEM)).isTrue();
        assertThat(NegotiateFlags.has(c.flags(), NegotiateFlags.UNICODE)).isFalse();
        assertThat(c.targetName()).isEqualTo("WINRM-HOST");
    }

    @Test
    void wrongPasswordAndUnknownUserFailAlike() throws Exception {
        NtlmAuthenticationException wrong = failure(acceptor(CbtHardening.RELAXED), client("alice", "nope"));
        NtlmAuthenticationException unknown = failure(acceptor(CbtHardening.RELAXED), client("mallory", "x"));
        assertThat(wrong.getMessage()).isEqualTo(unknown.getMessage()).contains("unknown user or wrong password");
        assertThat(wrong.userName()).contains("alice");
        assertThat(unknown.userName()).contains("mallory");
    }

    @Test
    void userNamesAreCaseInsensitiveAndReportedAsStored() throws Exception {
        NtlmAuthentication auth = run(acceptor(CbtHardening.RELAXED), new NtlmInitiator(client("BOB", "hunter2")),
                TestConnections.PLAIN);
        assertThat(auth.accountName()).isEqualTo("bob");
    }

    @Test
    void ambiguousCaseInsensitiveNamesAreNotGuessed() {
        Map<String, byte[]> two = Map.of("Eve", new byte[16], "eve", new byte[16]);
        NtHashLookup lookup = NtHashLookup.caseInsensitive(n -> Optional.ofNullable(two.get(n)), two::keySet);
        assertThat(lookup.find("EVE")).isEmpty();
        assertThat(lookup.find("eve").orElseThrow().name()).isEqualTo("eve");
    }

    @Test
    void ntlmV1ResponseIsRefusedWithAClearReason() throws Exception {
        NtlmAcceptor acceptor = acceptor(CbtHardening.RELAXED);
        acceptor.challenge(new NtlmInitiator(client("alice", "s3cret!")).negotiate());
        byte[] v1 = NtlmMessageCodec.encode(new AuthenticateMessage(NtlmInitiator.REQUESTED_FLAGS, new byte[24],
                new byte[24], "", "alice", "", new byte[0], Optional.empty(), Optional.empty()));
        assertThatThrownBy(() -> acceptor.authenticate(v1, TestConnections.PLAIN))
                .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("NTLMv1")
                .hasMessageContaining("NTLMv2 required");
    }

    @Test
    void anonymousLogonIsRefused() throws Exception {
        NtlmAcceptor acceptor = acceptor(CbtHardening.RELAXED);
        acceptor.challenge(new NtlmInitiator(client("alice", "s3cret!")).negotiate());
        byte[] anon = NtlmMessageCodec.encode(new AuthenticateMessage(NtlmInitiator.REQUESTED_FLAGS
                | NegotiateFlags.ANONYMOUS, new byte[1], new byte[0], "", "", "", new byte[0], Optional.empty(),
                Optional.empty()));
        assertThatThrownBy(() -> acceptor.authenticate(anon, TestConnections.PLAIN))
                .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("anonymous");
    }

    @Test
    void tamperedMicIsRefused() throws Exception {
        NtlmAcceptor acceptor = acceptor(CbtHardening.RELAXED);
        NtlmInitiator initiator = new NtlmInitiator(client("alice", "s3cret!"));
        byte[] auth = initiator.authenticate(acceptor.challenge(initiator.negotiate()));
        auth[NtlmMessageCodec.MIC_OFFSET + 3] ^= 1;
        assertThatThrownBy(() -> acceptor.authenticate(auth, TestConnections.PLAIN))
                .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("MIC");
    }

    @Test
    void strippedFlagsAreCaughtByTheMic() throws Exception {
        NtlmAcceptor acceptor = acceptor(CbtHardening.RELAXED);
        NtlmInitiator initiator = new NtlmInitiator(client("alice", "s3cret!"));
        byte[] auth = initiator.authenticate(acceptor.challenge(initiator.negotiate()));
        auth[60] &= ~NegotiateFlags.SEAL; // downgrade: drop sealing
        assertThatThrownBy(() -> acceptor.authenticate(auth, TestConnections.PLAIN))
                .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("MIC");
    }

    @Test
    void micFlagWithoutRoomForMicIsRefused() throws Exception {
        NtlmAcceptor acceptor = acceptor(CbtHardening.RELAXED);
        NtlmInitiator initiator = new NtlmInitiator(client("alice", "s3cret!"));
        byte[] good = initiator.authenticate(acceptor.challenge(initiator.negotiate()));
        AuthenticateMessage m = NtlmMessageCodec.decodeAuthenticate(good);
        byte[] noMic = NtlmMessageCodec.encode(new AuthenticateMessage(m.flags(), m.lmResponse(), m.ntResponse(),
                m.domain(), m.user(), m.workstation(), m.encryptedRandomSessionKey(), m.version(), Optional.empty()));
        assertThatThrownBy(() -> acceptor.authenticate(noMic, TestConnections.PLAIN))
                .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("MIC");
    }

    // ------------------------------------------------------------------ channel binding matrix

    private static ConnectionInfo tls() {
        return TestConnections.of(true, CERT_HASH);
    }

    private static NtlmInitiatorSettings withCbt(byte[] hash) {
        return client("alice", "s3cret!").withTlsServerEndPoint(hash);
    }

    private static byte[] otherHash() {
        byte[] h = CERT_HASH.clone();
        h[0] ^= 1;
        return h;
    }

    @Test
    void cbtMatchingIsAcceptedAtEveryLevel() throws Exception {
        for (CbtHardening level : CbtHardening.values()) {
            assertThat(run(acceptor(level), new NtlmInitiator(withCbt(CERT_HASH)), tls()).accountName())
                    .as(level.name()).isEqualTo("Alice");
        }
    }

    @Test
    void cbtMismatchIsRefusedUnlessNone() throws Exception {
        assertThat(run(acceptor(CbtHardening.NONE), new NtlmInitiator(withCbt(otherHash())), tls()).accountName())
                .isEqualTo("Alice");
        for (CbtHardening level : List.of(CbtHardening.RELAXED, CbtHardening.STRICT)) {
            NtlmAcceptor acceptor = acceptor(level);
            NtlmInitiator initiator = new NtlmInitiator(withCbt(otherHash()));
            byte[] auth = initiator.authenticate(acceptor.challenge(initiator.negotiate()));
            assertThatThrownBy(() -> acceptor.authenticate(auth, tls())).as(level.name())
                    .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("channel binding");
        }
    }

    @Test
    void cbtAbsentIsRefusedOnlyWhenStrict() throws Exception {
        assertThat(run(acceptor(CbtHardening.NONE), new NtlmInitiator(client("alice", "s3cret!")), tls())
                .accountName()).isEqualTo("Alice");
        assertThat(run(acceptor(CbtHardening.RELAXED), new NtlmInitiator(client("alice", "s3cret!")), tls())
                .accountName()).isEqualTo("Alice");
        NtlmAcceptor strict = acceptor(CbtHardening.STRICT);
        NtlmInitiator initiator = new NtlmInitiator(client("alice", "s3cret!"));
        byte[] auth = initiator.authenticate(strict.challenge(initiator.negotiate()));
        assertThatThrownBy(() -> strict.authenticate(auth, tls()))
                .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("client sent none");
    }

    @Test
    void strictOnTlsWithoutKnownCertificateHashFailsClosed() throws Exception {
        NtlmAcceptor strict = acceptor(CbtHardening.STRICT);
        NtlmInitiator initiator = new NtlmInitiator(withCbt(CERT_HASH));
        byte[] auth = initiator.authenticate(strict.challenge(initiator.negotiate()));
        assertThatThrownBy(() -> strict.authenticate(auth, TestConnections.of(true, null)))
                .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("unknown");
    }

    @Test
    void cbtIsIgnoredOnPlainHttpEvenWhenStrict() throws Exception {
        assertThat(run(acceptor(CbtHardening.STRICT), new NtlmInitiator(withCbt(otherHash())),
                TestConnections.PLAIN).accountName()).isEqualTo("Alice");
    }

    @Test
    void clockSkewLimitRefusesStaleBlobs() throws Exception {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock moving = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        NtlmAcceptorSettings settings = new NtlmAcceptorSettings(LOOKUP, "host", CbtHardening.RELAXED,
                Optional.of(Duration.ofMinutes(5)), moving, new SecureRandom());
        NtlmAcceptor fresh = new NtlmAcceptor(settings);
        NtlmInitiator first = new NtlmInitiator(client("bob", "hunter2"));
        byte[] auth1 = first.authenticate(fresh.challenge(first.negotiate()));
        now[0] = now[0].plus(Duration.ofMinutes(4));
        assertThat(fresh.authenticate(auth1, TestConnections.PLAIN).accountName()).isEqualTo("bob");

        NtlmAcceptor stale = new NtlmAcceptor(settings);
        NtlmInitiator second = new NtlmInitiator(client("bob", "hunter2"));
        byte[] auth2 = second.authenticate(stale.challenge(second.negotiate()));
        now[0] = now[0].plus(Duration.ofMinutes(6));
        assertThatThrownBy(() -> stale.authenticate(auth2, TestConnections.PLAIN))
                .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("clock skew");
    }

    @Test
    void outOfOrderCallsAreIllegalState() throws Exception {
        NtlmAcceptor acceptor = acceptor(CbtHardening.RELAXED);
        assertThatThrownBy(() -> acceptor.authenticate(new byte[0], TestConnections.PLAIN))
                .isInstanceOf(IllegalStateException.class);
    }

    private static NtlmAuthenticationException failure(NtlmAcceptor acceptor, NtlmInitiatorSettings settings)
            throws Exception {
        NtlmInitiator initiator = new NtlmInitiator(settings);
        byte[] auth = initiator.authenticate(acceptor.challenge(initiator.negotiate()));
        try {
            acceptor.authenticate(auth, TestConnections.PLAIN);
        } catch (NtlmAuthenticationException e) {
            assertThat(acceptor.state()).isEqualTo(NtlmAcceptor.State.FAILED);
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
