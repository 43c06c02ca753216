package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.auth.negotiate.NegotiateInitiator;
import io.openwinrm.auth.negotiate.NegotiateMechanismFactory;
import io.openwinrm.auth.ntlm.NtlmException;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spnego.NegTokenInit;
import io.openwinrm.auth.spnego.NegTokenResp;
import io.openwinrm.auth.spnego.SpnegoCodec;
import io.openwinrm.auth.spnego.SpnegoException;
import io.openwinrm.auth.spnego.SpnegoToken;
import java.util.List;
import java.util.Optional;

/**
 * SPNEGO tokens (RFC 4178, [MS-SPNG]) as both sides read them during authentication: {@link SpnegoCodec} (and its
 * DER reader) on each token, with a re-encode check; the server's Negotiate mechanism stepping through the tokens
 * as the legs of one connection; the client's {@link NegotiateInitiator} taking the first token as the server's
 * challenge and the second as its final reply. Input: three {@link Tokens}. The seeds carry the [MS-NLMP] 4.2.4
 * exchange in SPNEGO framing, so the server side gets as far as the mechListMIC.
 *
 * <p>Documented rejections: {@link SpnegoException}, {@link NtlmException}; the mechanism never throws (it answers
 * {@link AuthStep.Failure}).
 */
class SpnegoFuzzTest {

    private static final NegotiateMechanismFactory SERVER =
            NegotiateMechanismFactory.negotiate(NtlmVectors.acceptorSettings());

    @FuzzTest
    void spnegoTokens(byte[] input) {
        List<byte[]> tokens = Tokens.split(input, 3);
        if (tokens.isEmpty()) {
            return;
        }
        for (byte[] token : tokens) {
            decodeAndReencode(token);
        }
        AuthMechanism mechanism = SERVER.create();
        for (byte[] token : tokens) {
            AuthStep step = mechanism.step(token, new NtlmFuzzTest.PlainConnection());
            if (step == null) {
                throw new AssertionError("AuthMechanism.step returned null");
            }
        }
        NegotiateInitiator client = new NegotiateInitiator(NtlmVectors.initiatorSettings(),
                NegotiateInitiator.Framing.SPNEGO);
        client.initialToken();
        try {
            client.respond(tokens.get(0));
            client.complete(tokens.size() > 1 ? Optional.of(tokens.get(1)) : Optional.empty());
        } catch (SpnegoException | NtlmException e) {
            Findings.requireNoBugInside(e);
        }
    }

    /** A token that decodes must survive encode → decode with the same fields. */
    private static void decodeAndReencode(byte[] token) {
        SpnegoCodec.initialTokenMech(token);
        SpnegoToken decoded;
        try {
            decoded = SpnegoCodec.decode(token);
        } catch (SpnegoException e) {
            return;
        }
        try {
            if (decoded instanceof NegTokenInit init) {
                SpnegoToken again = SpnegoCodec.decode(SpnegoCodec.encode(init));
                if (!(again instanceof NegTokenInit i) || !i.mechTypes().equals(init.mechTypes())) {
                    throw new AssertionError("NegTokenInit does not survive re-encoding: " + init.mechTypes());
                }
            } else if (decoded instanceof NegTokenResp resp) {
                SpnegoToken again = SpnegoCodec.decode(SpnegoCodec.encode(resp));
                if (!(again instanceof NegTokenResp r) || !r.negState().equals(resp.negState())
                        || !r.supportedMech().equals(resp.supportedMech())) {
                    throw new AssertionError("NegTokenResp does not survive re-encoding");
                }
            }
        } catch (SpnegoException e) {
            throw new AssertionError("a decoded SPNEGO token does not decode after re-encoding", e);
        }
    }
}
