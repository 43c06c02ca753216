package io.openwinrm.auth.negotiate;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.ntlm.MalformedNtlmMessageException;
import io.openwinrm.auth.ntlm.NtlmException;
import io.openwinrm.auth.ntlm.NtlmMessageCodec;
import io.openwinrm.auth.ntlm.TestConnections;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spnego.SpnegoCodec;
import io.openwinrm.auth.spnego.SpnegoException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of real tokens: every one must end in a {@link AuthStep} (mechanism) or a typed exception
 * (codecs, initiator), never another exception and never a hang.
 */
class NegotiateFuzzTest {

    private static final int ROUNDS = 1500;

    static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops; k++) {
            if (b.length == 0) {
                return new byte[] {(byte) r.nextInt()};
            }
            int at = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, 0x81, 0x84, r.nextInt()}[r.nextInt(7)];
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> {
                    byte[] extra = new byte[1 + r.nextInt(8)];
                    r.nextBytes(extra);
                    byte[] out = new byte[b.length + extra.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(extra, 0, out, at, extra.length);
                    System.arraycopy(b, at, out, at + extra.length, b.length - at);
                    b = out;
                }
                case 4 -> {
                    if (at + 1 < b.length) {
                        b[at] = (byte) 0xFF;
                        b[at + 1] = (byte) 0xFF;
                    }
                }
                case 5 -> {
                    if (at + 4 <= b.length) {
                        int v = r.nextBoolean() ? Integer.MAX_VALUE : r.nextInt(b.length + 16);
                        b[at] = (byte) v;
                        b[at + 1] = (byte) (v >>> 8);
                        b[at + 2] = (byte) (v >>> 16);
                        b[at + 3] = (byte) (v >>> 24);
                    }
                }
                default -> b = Arrays.copyOfRange(b, at, b.length);
            }
        }
        return b;
    }

    @Test
    void mutatedClientTokensGiveAuthStepsOnly() throws Exception {
        Random r = new Random(20261126);
        Map<NegotiateInitiator.Framing, int[]> outcomes = new EnumMap<>(NegotiateInitiator.Framing.class);
        for (NegotiateInitiator.Framing framing : NegotiateInitiator.Framing.values()) {
            int[] counts = new int[3];
            for (int i = 0; i < ROUNDS; i++) {
                NegotiateInitiator client = new NegotiateInitiator(NegotiateMechanismTest.ALICE, framing);
                AuthMechanism server = NegotiateMechanismTest.NEGOTIATE.create();
                byte[] first = client.initialToken();
                if (i % 3 == 0) {
                    count(counts, server.step(mutate(first, r), TestConnections.PLAIN));
                    continue;
                }
                AuthStep.Continue c = (AuthStep.Continue) server.step(first, TestConnections.PLAIN);
                byte[] second = client.respond(c.token());
                count(counts, server.step(mutate(second, r), TestConnections.PLAIN));
            }
            outcomes.put(framing, counts);
            assertThat(counts[2]).as("failures for " + framing).isGreaterThan(ROUNDS / 2);
        }
        assertThat(outcomes).hasSize(2);
    }

    @Test
    void mutatedServerTokensGiveTypedExceptionsInTheInitiator() {
        Random r = new Random(42);
        for (NegotiateInitiator.Framing framing : NegotiateInitiator.Framing.values()) {
            for (int i = 0; i < ROUNDS / 2; i++) {
                NegotiateInitiator client = new NegotiateInitiator(NegotiateMechanismTest.ALICE, framing);
                AuthMechanism server = NegotiateMechanismTest.NEGOTIATE.create();
                AuthStep.Continue c = (AuthStep.Continue) server.step(client.initialToken(), TestConnections.PLAIN);
                try {
                    byte[] second = client.respond(mutate(c.token(), r));
                    AuthStep last = server.step(second, TestConnections.PLAIN);
                    if (framing == NegotiateInitiator.Framing.SPNEGO && last instanceof AuthStep.Success s) {
                        client.complete(Optional.of(mutate(s.replyToken(), r)));
                    }
                } catch (NtlmException | SpnegoException expected) {
                    // typed
                }
            }
        }
    }

    @Test
    void mutatedMessagesGiveTypedDecoderExceptionsOnly() throws Exception {
        Random r = new Random(7);
        NegotiateInitiator client = new NegotiateInitiator(NegotiateMechanismTest.ALICE,
                NegotiateInitiator.Framing.RAW_NTLM);
        AuthMechanism server = NegotiateMechanismTest.NEGOTIATE.create();
        byte[] negotiate = client.initialToken();
        byte[] challenge = ((AuthStep.Continue) server.step(negotiate, TestConnections.PLAIN)).token();
        byte[] authenticate = client.respond(challenge);
        byte[] spnegoInit = new NegotiateInitiator(NegotiateMechanismTest.ALICE, NegotiateInitiator.Framing.SPNEGO)
                .initialToken();
        int malformed = 0;
        for (int i = 0; i < ROUNDS; i++) {
            try {
                NtlmMessageCodec.decodeNegotiate(mutate(negotiate, r));
            } catch (MalformedNtlmMessageException e) {
                malformed++;
            }
            try {
                NtlmMessageCodec.decodeChallenge(mutate(challenge, r));
            } catch (MalformedNtlmMessageException e) {
                malformed++;
            }
            try {
                NtlmMessageCodec.decodeAuthenticate(mutate(authenticate, r));
            } catch (MalformedNtlmMessageException e) {
                malformed++;
            }
            try {
                SpnegoCodec.decode(mutate(spnegoInit, r));
            } catch (SpnegoException e) {
                malformed++;
            }
            SpnegoCodec.initialTokenMech(mutate(spnegoInit, r));
        }
        assertThat(malformed).isGreaterThan(ROUNDS);
    }

    private static void count(int[] counts, AuthStep step) {
        assertThat(step).isNotNull();
        if (step instanceof AuthStep.Success) {
            counts[0]++;
        } else if (step instanceof AuthStep.Continue) {
            counts[1]++;
        } else {
            assertThat(((AuthStep.Failure) step).reason()).isNotBlank();
            counts[2]++;
        }
    }
}
