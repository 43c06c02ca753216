package io.openwinrm.auth.ntlm;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.account.NtHash;
import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** [MS-NLMP] 4.2.1 / 4.2.4 NTLMv2 vectors (/work/shared/vectors/ntlm-ms-nlmp-4.2.md). */
class NtlmVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    static final byte[] NT_HASH = NtHash.of("Password".toCharArray());
    static final byte[] SERVER_CHALLENGE = HEX.parseHex("0123456789abcdef");
    static final byte[] CLIENT_CHALLENGE = HEX.parseHex("aaaaaaaaaaaaaaaa");
    static final byte[] RANDOM_SESSION_KEY = HEX.parseHex("55555555555555555555555555555555");
    static final TargetInfo SERVER_INFO = new TargetInfo(List.of(
            AvPair.ofString(AvId.NB_DOMAIN_NAME, "Domain"), AvPair.ofString(AvId.NB_COMPUTER_NAME, "Server")));

    static final String TEMP = "0101000000000000" + "0000000000000000" + "aaaaaaaaaaaaaaaa" + "00000000"
            + "02000c0044006f006d00610069006e00" + "01000c00530065007200760065007200" + "00000000" + "00000000";

    static final String CHALLENGE_MESSAGE = "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef"
            + "00000000000000002400240044000000060070170000000f53006500720076006500720002000c0044006f006d00"
            + "610069006e0001000c0053006500720076006500720000000000";

    static final String AUTHENTICATE_MESSAGE = "4e544c4d535350000300000018001800"
            + "6c00000054005400840000000c000c00" + "48000000080008005400000010001000" + "5c00000010001000d8000000358288e2"
            + "0501280a0000000f44006f006d006100" + "69006e00550073006500720043004f00" + "4d0050005500540045005200"
            + "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa"
            + "68cd0ab851e51c96aabc927bebef6a1c" + TEMP + "c5dad2544fc9799094ce1ce90bc9d03e";

    @Test
    void ntowfv2() {
        assertThat(HEX.formatHex(NtlmCrypto.ntowfv2(NT_HASH, "User", "Domain")))
                .isEqualTo("0c868a403bfd7a93a3001ef22ef02e3f");
    }

    @Test
    void clientBlobNtProofStrSessionBaseKeyAndLmv2() {
        byte[] key = NtlmCrypto.ntowfv2(NT_HASH, "User", "Domain");
        byte[] temp = NtlmCrypto.clientBlob(0, CLIENT_CHALLENGE, SERVER_INFO);
        assertThat(HEX.formatHex(temp)).isEqualTo(TEMP);
        byte[] proof = NtlmCrypto.ntProofStr(key, SERVER_CHALLENGE, temp);
        assertThat(HEX.formatHex(proof)).isEqualTo("68cd0ab851e51c96aabc927bebef6a1c");
        byte[] sessionBaseKey = NtlmCrypto.sessionBaseKey(key, proof);
        assertThat(HEX.formatHex(sessionBaseKey)).isEqualTo("8de40ccadbc14a82f15cb0ad0de95ca3");
        assertThat(HEX.formatHex(NtlmCrypto.lmv2Response(key, SERVER_CHALLENGE, CLIENT_CHALLENGE)))
                .isEqualTo("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
        assertThat(HEX.formatHex(NtlmCrypto.rc4k(sessionBaseKey, RANDOM_SESSION_KEY)))
                .isEqualTo("c5dad2544fc9799094ce1ce90bc9d03e");
        assertThat(NtlmCrypto.rc4k(sessionBaseKey, HEX.parseHex("c5dad2544fc9799094ce1ce90bc9d03e")))
                .isEqualTo(RANDOM_SESSION_KEY);
    }

    @Test
    void signAndSealKeys() {
        assertThat(HEX.formatHex(NtlmCrypto.sealKey(RANDOM_SESSION_KEY, true)))
                .isEqualTo("59f600973cc4960a25480a7c196e4c58");
        assertThat(HEX.formatHex(NtlmCrypto.signKey(RANDOM_SESSION_KEY, true)))
                .isEqualTo("4788dc861b4782f35d43fd98fe1a2d39");
        assertThat(NtlmCrypto.sealKey(RANDOM_SESSION_KEY, false)).isNotEqualTo(
                NtlmCrypto.sealKey(RANDOM_SESSION_KEY, true));
    }

    @Test
    void sealedPlaintextAndSignature() throws Exception {
        byte[] plaintext = "Plaintext".getBytes(StandardCharsets.UTF_16LE);
        NtlmSessionSecurity client = NtlmSessionSecurity.initiator(RANDOM_SESSION_KEY);
        SealedMessage sealed = client.wrap(plaintext);
        assertThat(HEX.formatHex(sealed.ciphertext())).isEqualTo("54e50165bf1936dc996020c1811b0f06fb5f");
        assertThat(HEX.formatHex(sealed.header())).isEqualTo("010000007fb38ec5c55d497600000000");
        assertThat(client.encryptionProtocol()).isEqualTo("application/HTTP-SPNEGO-session-encrypted");

        NtlmSessionSecurity server = NtlmSessionSecurity.acceptor(RANDOM_SESSION_KEY);
        assertThat(server.unwrap(sealed)).isEqualTo(plaintext);
    }

    @Test
    void challengeMessageDecodesAndReencodesByteForByte() throws Exception {
        byte[] wire = HEX.parseHex(CHALLENGE_MESSAGE);
        ChallengeMessage m = NtlmMessageCodec.decodeChallenge(wire);
        assertThat(m.flags()).isEqualTo(0xe28a8233);
        assertThat(m.serverChallenge()).isEqualTo(SERVER_CHALLENGE);
        assertThat(m.targetName()).isEqualTo("Server");
        assertThat(m.targetInfo().pairs()).hasSize(2);
        assertThat(m.targetInfo().find(AvId.NB_DOMAIN_NAME).orElseThrow().valueAsString()).isEqualTo("Domain");
        assertThat(m.version()).contains(new NtlmVersion(6, 0, 6000, 15));
        assertThat(HEX.formatHex(NtlmMessageCodec.encode(m))).isEqualTo(CHALLENGE_MESSAGE);
    }

    @Test
    void authenticateMessageDecodesAndReencodesByteForByte() throws Exception {
        byte[] wire = HEX.parseHex(AUTHENTICATE_MESSAGE);
        AuthenticateMessage m = NtlmMessageCodec.decodeAuthenticate(wire);
        assertThat(m.user()).isEqualTo("User");
        assertThat(m.domain()).isEqualTo("Domain");
        assertThat(m.workstation()).isEqualTo("COMPUTER");
        assertThat(m.flags()).isEqualTo(0xe2888235);
        assertThat(HEX.formatHex(m.ntResponse())).isEqualTo("68cd0ab851e51c96aabc927bebef6a1c" + TEMP);
        assertThat(m.mic()).isEmpty();
        assertThat(m.version()).contains(new NtlmVersion(5, 1, 2600, 15));
        assertThat(HEX.formatHex(NtlmMessageCodec.encode(m))).isEqualTo(AUTHENTICATE_MESSAGE);
    }

    @Test
    void acceptorVerifiesTheSpecAuthenticateMessageAndUnsealsTheSpecPlaintext() throws Exception {
        java.security.SecureRandom fixed = new java.security.SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                byte[] source = bytes.length == 8 ? SERVER_CHALLENGE : new byte[bytes.length];
                System.arraycopy(source, 0, bytes, 0, bytes.length);
            }
        };
        java.util.Map<String, byte[]> accounts = java.util.Map.of("User", NT_HASH);
        NtlmAcceptor acceptor = new NtlmAcceptor(new NtlmAcceptorSettings(
                NtHashLookup.exact(n -> java.util.Optional.ofNullable(accounts.get(n))), "Server",
                CbtHardening.RELAXED, java.util.Optional.empty(), java.time.Clock.systemUTC(), fixed));
        byte[] challenge = acceptor.challenge(new NtlmInitiator(NtlmInitiatorSettings.of(
                NtlmCredentials.ofPassword("User", "Domain", "Password".toCharArray()))).negotiate());
        assertThat(NtlmMessageCodec.decodeChallenge(challenge).serverChallenge()).isEqualTo(SERVER_CHALLENGE);

        NtlmAuthentication auth = acceptor.authenticate(HEX.parseHex(AUTHENTICATE_MESSAGE), TestConnections.PLAIN);
        assertThat(auth.accountName()).isEqualTo("User");
        assertThat(auth.clientDomain()).isEqualTo("Domain");
        assertThat(auth.workstation()).isEqualTo("COMPUTER");
        assertThat(auth.micVerified()).isFalse();
        NtlmSessionSecurity server = auth.sessionSecurity().orElseThrow();
        byte[] plaintext = server.unwrap(new SealedMessage(HEX.parseHex("010000007fb38ec5c55d497600000000"),
                HEX.parseHex("54e50165bf1936dc996020c1811b0f06fb5f")));
        assertThat(new String(plaintext, StandardCharsets.UTF_16LE)).isEqualTo("Plaintext");
    }

    @Test
    void channelBindingsStructMatchesPyspnegoLayout() {
        byte[] hash = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        byte[] flat = ChannelBindings.flatten(hash);
        assertThat(HEX.formatHex(flat, 0, 20)).isEqualTo("00000000000000000000000000000000" + "35000000");
        assertThat(new String(flat, 20, 21, StandardCharsets.US_ASCII)).isEqualTo("tls-server-end-point:");
        assertThat(ChannelBindings.md5(hash)).hasSize(16).isEqualTo(NtlmCrypto.md5(flat));
    }
}
