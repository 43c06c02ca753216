package io.openwinrm.fuzz;

import io.openwinrm.auth.account.NtHash;
import io.openwinrm.auth.ntlm.CbtHardening;
import io.openwinrm.auth.ntlm.NtHashLookup;
import io.openwinrm.auth.ntlm.NtlmAcceptorSettings;
import io.openwinrm.auth.ntlm.NtlmCredentials;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The NTLMv2 example of [MS-NLMP] 4.2.1 and 4.2.4 (copied from {@code shared/vectors/ntlm-ms-nlmp-4.2.md}), and
 * acceptor/initiator settings under which it verifies: an acceptor whose server challenge is the spec's
 * ServerChallenge and which knows User/Password, so the spec's AUTHENTICATE_MESSAGE logs on and its session key
 * (RandomSessionKey, exchanged under KEY_EXCH) seals the rest of a seed. Deterministic: no real randomness, a fixed
 * clock.
 */
final class NtlmVectors {

    static final String USER = "User";
    static final String DOMAIN = "Domain";
    static final char[] PASSWORD = "Password".toCharArray();

    /** 4.2.1 ServerChallenge. */
    static final byte[] SERVER_CHALLENGE = hex("0123456789abcdef");
    /** 4.2.1 RandomSessionKey: the exported session key of the 4.2.4 exchange. */
    static final byte[] SESSION_KEY = hex("55555555555555555555555555555555");

    /** 4.2.4.3 CHALLENGE_MESSAGE. */
    static final byte[] CHALLENGE = hex(""
            + "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef"
            + "00000000000000002400240044000000060070170000000f5300650072007600"
            + "6500720002000c0044006f006d00610069006e0001000c005300650072007600"
            + "6500720000000000");

    /** 4.2.4.3 AUTHENTICATE_MESSAGE (no MIC). */
    static final byte[] AUTHENTICATE = hex(""
            + "4e544c4d535350000300000018001800"
            + "6c00000054005400840000000c000c00"
            + "48000000080008005400000010001000"
            + "5c00000010001000d8000000358288e2"
            + "0501280a0000000f44006f006d006100"
            + "69006e00550073006500720043004f00"
            + "4d0050005500540045005200"
            + "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa"
            + "68cd0ab851e51c96aabc927bebef6a1c"
            + "01010000000000000000000000000000"
            + "aaaaaaaaaaaaaaaa0000000002000c00"
            + "44006f006d00610069006e0001000c00"
            + "53006500720076006500720000000000"
            + "00000000"
            + "c5dad2544fc9799094ce1ce90bc9d03e");

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-04-23T00:00:00Z"), ZoneOffset.UTC);

    private NtlmVectors() {
    }

    /** An acceptor that challenges with {@link #SERVER_CHALLENGE} and knows only User/Password. */
    static NtlmAcceptorSettings acceptorSettings() {
        byte[] hash = NtHash.of(PASSWORD.clone());
        NtHashLookup accounts = NtHashLookup.exact(name -> name.equals(USER) ? Optional.of(hash) : Optional.empty());
        return new NtlmAcceptorSettings(accounts, "server.example", CbtHardening.RELAXED, Optional.empty(), CLOCK,
                new FixedRandom(SERVER_CHALLENGE));
    }

    /** An initiator for Domain\User with the password, client challenge and session key of 4.2.1. */
    static NtlmInitiatorSettings initiatorSettings() {
        NtlmCredentials credentials = NtlmCredentials.ofPassword(USER, DOMAIN, PASSWORD.clone());
        return new NtlmInitiatorSettings(credentials, "COMPUTER", Optional.empty(), Optional.empty(), CLOCK,
                new FixedRandom(hex("aaaaaaaaaaaaaaaa")));
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** A "random" source that repeats a pattern: the acceptor's first 8 bytes asked for are its server challenge. */
    private static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] pattern;

        FixedRandom(byte[] pattern) {
            this.pattern = pattern.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = pattern[i % pattern.length];
            }
        }
    }
}
