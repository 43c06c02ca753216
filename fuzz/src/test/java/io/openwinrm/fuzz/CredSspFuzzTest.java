package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.auth.credssp.CredSspAcceptor;
import io.openwinrm.auth.credssp.CredSspCodec;
import io.openwinrm.auth.credssp.CredSspException;
import io.openwinrm.auth.credssp.TsPasswordCredentials;
import io.openwinrm.auth.credssp.TsRequest;
import io.openwinrm.auth.negotiate.NegotiateMechanismFactory;
import io.openwinrm.auth.spi.AuthStep;
import java.util.Arrays;
import java.util.List;

/**
 * CredSSP's structures ([MS-CSSP] 2.2.1) as the server reads them: {@link CredSspCodec} on each token (TSRequest and
 * TSCredentials, with a re-encode check for TSRequests), and a {@link CredSspAcceptor} — the part the monitor of a
 * privilege-separated server runs — stepping through the tokens as the TSRequests of one connection, with NTLM from
 * the [MS-NLMP] vectors inside. Input: three {@link Tokens}.
 *
 * <p>Documented rejection: {@link CredSspException}; the acceptor never throws (it answers {@link AuthStep.Failure})
 * and never reaches the password check without an NTLM logon and a verified public-key binding.
 */
class CredSspFuzzTest {

    private static final NegotiateMechanismFactory NEGOTIATE =
            NegotiateMechanismFactory.negotiate(NtlmVectors.acceptorSettings());

    @FuzzTest
    void credSspTokens(byte[] input) {
        List<byte[]> tokens = Tokens.split(input, 3);
        if (tokens.isEmpty()) {
            return;
        }
        for (byte[] token : tokens) {
            decodeAndReencode(token);
            try (TsPasswordCredentials c = CredSspCodec.decodeCredentials(token)) {
                if (c.userName().isEmpty()) {
                    throw new AssertionError("TSPasswordCreds with an empty user name accepted");
                }
            } catch (CredSspException e) {
                Findings.requireNoBugInside(e);
            }
        }
        byte[] key = new byte[270];
        CredSspAcceptor acceptor = new CredSspAcceptor(key, NEGOTIATE.create(), (inner, credentials, c) -> {
            throw new AssertionError("the password check was reached from fuzzed input");
        });
        for (byte[] token : tokens) {
            if (acceptor.step(token, new NtlmFuzzTest.PlainConnection()) == null) {
                throw new AssertionError("AuthMechanism.step returned null");
            }
        }
    }

    /** A TSRequest that decodes must survive encode → decode with the same fields. */
    private static void decodeAndReencode(byte[] token) {
        TsRequest decoded;
        try {
            decoded = CredSspCodec.decode(token);
        } catch (CredSspException e) {
            Findings.requireNoBugInside(e);
            return;
        }
        try {
            TsRequest again = CredSspCodec.decode(CredSspCodec.encode(decoded));
            if (again.version() != decoded.version() || again.negoTokens().size() != decoded.negoTokens().size()
                    || !Arrays.equals(again.pubKeyAuth().orElse(null), decoded.pubKeyAuth().orElse(null))
                    || !Arrays.equals(again.clientNonce().orElse(null), decoded.clientNonce().orElse(null))
                    || !again.errorCode().equals(decoded.errorCode())) {
                throw new AssertionError("TSRequest does not survive re-encoding");
            }
        } catch (CredSspException e) {
            throw new AssertionError("a decoded TSRequest does not decode after re-encoding: " + e.getMessage(), e);
        }
    }
}
