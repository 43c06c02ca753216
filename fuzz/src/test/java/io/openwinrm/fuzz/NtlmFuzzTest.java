package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.auth.ntlm.NtlmAcceptor;
import io.openwinrm.auth.ntlm.NtlmException;
import io.openwinrm.auth.ntlm.NtlmInitiator;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import io.openwinrm.auth.ntlm.NtlmMessageCodec;
import io.openwinrm.auth.ntlm.TargetInfo;
import io.openwinrm.auth.spi.ConnectionInfo;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * NTLM messages ([MS-NLMP] 2.2.1) as both sides read them before authentication: the codec on each token, the
 * server's {@link NtlmAcceptor} on NEGOTIATE then AUTHENTICATE, and the client's {@link NtlmInitiator} (as over
 * HTTPS, with channel binding) on a CHALLENGE. Input: two {@link Tokens}. The acceptor's challenge is
 * [MS-NLMP] 4.2.4's, so the spec's AUTHENTICATE (a seed) logs on and mutations of it reach the MIC, key exchange and
 * session-security code.
 *
 * <p>Documented rejections: {@link NtlmException} and its subclasses (MalformedNtlmMessageException,
 * NtlmAuthenticationException).
 */
class NtlmFuzzTest {

    private static final ConnectionInfo PLAIN_HTTP = new PlainConnection();
    /** The client as it logs on over HTTPS: with a channel binding (MsvAvChannelBindings) in its answer. */
    private static final NtlmInitiatorSettings HTTPS_CLIENT =
            NtlmVectors.initiatorSettings().withTlsServerEndPoint(new byte[32]);

    @FuzzTest
    void ntlmMessages(byte[] input) {
        List<byte[]> tokens = Tokens.split(input, 2);
        if (tokens.isEmpty()) {
            return;
        }
        for (byte[] token : tokens) {
            decodeAsItsType(token);
        }
        NtlmAcceptor acceptor = new NtlmAcceptor(NtlmVectors.acceptorSettings());
        try {
            acceptor.challenge(tokens.get(0));
            if (tokens.size() > 1) {
                acceptor.authenticate(tokens.get(1), PLAIN_HTTP);
            }
        } catch (NtlmException e) {
            Findings.requireNoBugInside(e);
        }
        NtlmInitiator initiator = new NtlmInitiator(HTTPS_CLIENT);
        initiator.negotiate();
        try {
            initiator.authenticate(tokens.get(0));
        } catch (NtlmException e) {
            Findings.requireNoBugInside(e);
        }
    }

    private static void decodeAsItsType(byte[] token) {
        try {
            switch (NtlmMessageCodec.messageType(token)) {
                case 1 -> NtlmMessageCodec.decodeNegotiate(token);
                case 2 -> NtlmMessageCodec.decodeChallenge(token);
                case 3 -> NtlmMessageCodec.decodeAuthenticate(token);
                default -> TargetInfo.decode(token);
            }
        } catch (NtlmException e) {
            Findings.requireNoBugInside(e);
        }
    }

    /** A connection on a plain-HTTP listener (no channel binding). */
    static final class PlainConnection implements ConnectionInfo {
        private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.1", 50000);
        private static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.2", 5985);

        @Override
        public InetSocketAddress remoteAddress() {
            return PEER;
        }

        @Override
        public InetSocketAddress localAddress() {
            return LOCAL;
        }

        @Override
        public boolean secure() {
            return false;
        }

        @Override
        public String listenerName() {
            return "http";
        }
    }
}
