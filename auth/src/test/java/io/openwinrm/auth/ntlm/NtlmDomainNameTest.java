package io.openwinrm.auth.ntlm;

import static io.openwinrm.auth.ntlm.NtlmVectorsTest.AUTHENTICATE_MESSAGE;
import static io.openwinrm.auth.ntlm.NtlmVectorsTest.NT_HASH;
import static io.openwinrm.auth.ntlm.NtlmVectorsTest.RANDOM_SESSION_KEY;
import static io.openwinrm.auth.ntlm.NtlmVectorsTest.SERVER_CHALLENGE;
import static io.openwinrm.auth.ntlm.NtlmVectorsTest.TEMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.auth.account.NtHash;
import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * NTLMv2 responses hashed with a domain name other than the one sent ([MS-NLMP] 3.3.2 NTOWFv2): the [MS-NLMP] 4.2.4
 * AUTHENTICATE_MESSAGE (user "User", domain "Domain") with its NTLMv2 response and session key recomputed the way
 * a client computes them with "DOMAIN" (the npm winrm-client) or with no domain. Accepted, as Samba accepts them,
 * with the session key of the name that matched; every other name, or a wrong password, is still refused.
 */
class NtlmDomainNameTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SPEC_SEALED_HEADER = HEX.parseHex("010000007fb38ec5c55d497600000000");
    private static final byte[] SPEC_SEALED_PLAINTEXT = HEX.parseHex("54e50165bf1936dc996020c1811b0f06fb5f");

    /** The spec message, still sent with DomainName "Domain", its response hashed with {@code hashedDomain}. */
    private static byte[] hashedWith(byte[] ntHash, String hashedDomain) throws Exception {
        AuthenticateMessage spec = NtlmMessageCodec.decodeAuthenticate(HEX.parseHex(AUTHENTICATE_MESSAGE));
        byte[] key = NtlmCrypto.ntowfv2(ntHash, "User", hashedDomain);
        byte[] temp = HEX.parseHex(TEMP);
        byte[] proof = NtlmCrypto.ntProofStr(key, SERVER_CHALLENGE, temp);
        byte[] nt = new byte[proof.length + temp.length];
        System.arraycopy(proof, 0, nt, 0, proof.length);
        System.arraycopy(temp, 0, nt, proof.length, temp.length);
        byte[] encryptedKey = NtlmCrypto.rc4k(NtlmCrypto.sessionBaseKey(key, proof), RANDOM_SESSION_KEY);
        return NtlmMessageCodec.encode(new AuthenticateMessage(spec.flags(), spec.lmResponse(), nt, spec.domain(),
                spec.user(), spec.workstation(), encryptedKey, spec.version(), spec.mic()));
    }

    private static NtlmAuthentication accept(byte[] authenticate) throws Exception {
        SecureRandom fixed = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                byte[] source = bytes.length == 8 ? SERVER_CHALLENGE : new byte[bytes.length];
                System.arraycopy(source, 0, bytes, 0, bytes.length);
            }
        };
        Map<String, byte[]> accounts = Map.of("User", NT_HASH);
        NtlmAcceptor acceptor = new NtlmAcceptor(new NtlmAcceptorSettings(
                NtHashLookup.exact(n -> Optional.ofNullable(accounts.get(n))), "Server", CbtHardening.RELAXED,
                Optional.empty(), Clock.systemUTC(), fixed));
        acceptor.challenge(new NtlmInitiator(NtlmInitiatorSettings.of(
                NtlmCredentials.ofPassword("User", "Domain", "Password".toCharArray()))).negotiate());
        return acceptor.authenticate(authenticate, TestConnections.PLAIN);
    }

    @Test
    void theSpecMessageIsWhatTheGeneratorGivesForTheDomainAsSent() throws Exception {
        assertThat(HEX.formatHex(hashedWith(NT_HASH, "Domain"))).isEqualTo(AUTHENTICATE_MESSAGE);
    }

    @Test
    void responsesHashedWithTheDomainUpperCasedOrEmptyAreAcceptedWithTheirOwnSessionKey() throws Exception {
        for (String hashed : new String[] {"Domain", "DOMAIN", ""}) {
            NtlmAuthentication auth = accept(hashedWith(NT_HASH, hashed));
            assertThat(auth.accountName()).as(hashed).isEqualTo("User");
            assertThat(auth.clientDomain()).as("reported as sent").isEqualTo("Domain");
            // the spec's sealed message (under the spec's random session key) opens only if the acceptor derived
            // the key exchange key from the candidate that matched
            byte[] plaintext = auth.sessionSecurity().orElseThrow().unwrap(
                    new SealedMessage(SPEC_SEALED_HEADER, SPEC_SEALED_PLAINTEXT));
            assertThat(new String(plaintext, StandardCharsets.UTF_16LE)).as(hashed).isEqualTo("Plaintext");
        }
    }

    @Test
    void anyOtherDomainNameOrAWrongPasswordIsStillRefused() throws Exception {
        for (String hashed : new String[] {"domain", "DOMAIN.", "Other", "WORKGROUP"}) {
            assertThatThrownBy(() -> accept(hashedWith(NT_HASH, hashed))).as(hashed)
                    .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("wrong password");
        }
        byte[] wrong = NtHash.of("password".toCharArray());
        for (String hashed : new String[] {"Domain", "DOMAIN", ""}) {
            assertThatThrownBy(() -> accept(hashedWith(wrong, hashed))).as(hashed)
                    .isInstanceOf(NtlmAuthenticationException.class).hasMessageContaining("wrong password");
        }
    }

    @Test
    void candidatesAreTheNameAsSentThenUpperCasedThenEmptyWithoutRepeats() {
        assertThat(NtlmAcceptor.domainCandidates("vm")).containsExactly("vm", "VM", "");
        assertThat(NtlmAcceptor.domainCandidates("VM")).containsExactly("VM", "");
        assertThat(NtlmAcceptor.domainCandidates("")).containsExactly("");
    }
}
