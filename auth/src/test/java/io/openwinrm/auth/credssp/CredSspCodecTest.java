package io.openwinrm.auth.credssp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CredSspCodecTest {

    static final byte[] NONCE = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            NONCE[i] = (byte) i;
        }
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        TsRequest r = new TsRequest(6, List.of(new byte[] {1, 2, 3}), Optional.of(new byte[] {4}),
                Optional.of(new byte[300]), OptionalLong.of(0xC000006DL), Optional.of(NONCE));
        TsRequest back = CredSspCodec.decode(CredSspCodec.encode(r));
        assertThat(back.version()).isEqualTo(6);
        assertThat(back.negoTokens()).singleElement().isEqualTo(new byte[] {1, 2, 3});
        assertThat(back.authInfo()).contains(new byte[] {4});
        assertThat(back.pubKeyAuth().orElseThrow()).hasSize(300);
        assertThat(back.errorCode()).hasValue(0xC000006DL);
        assertThat(back.clientNonce()).contains(NONCE);
    }

    @Test
    void decodesAMessageAsPyspnegoEncodesIt() throws Exception {
        // TSRequest{version 6, negoTokens [ {negoToken "NTLMSSP\0"} ]}, DER as pyasn1/pyspnego writes it
        byte[] der = HexFormat.of().parseHex("3019a003020106a1123010300ea00c040a4e544c4d5353500001ff");
        TsRequest r = CredSspCodec.decode(der);
        assertThat(r.version()).isEqualTo(6);
        assertThat(r.firstNegoToken().orElseThrow()).hasSize(10).startsWith('N', 'T', 'L', 'M');
        assertThat(CredSspCodec.encode(r)).isEqualTo(der);
    }

    @Test
    void passwordCredentialsRoundTripAndZero() throws Exception {
        byte[] der = CredSspCodec.encodeCredentials("CORP", "alice", "pä55 wörd".toCharArray());
        char[] seen;
        try (TsPasswordCredentials c = CredSspCodec.decodeCredentials(der)) {
            assertThat(c.domain()).isEqualTo("CORP");
            assertThat(c.userName()).isEqualTo("alice");
            seen = c.password();
            assertThat(new String(seen)).isEqualTo("pä55 wörd");
            assertThat(c.toString()).doesNotContain("55");
        }
        assertThat(seen).containsOnly('\0');
    }

    @Test
    void malformedRequestsAreRefusedWithAReason() {
        refuse("", "DER");
        refuse("3000", "without a version");
        refuse("3005a003020101", "version 1");
        refuse("3003a00102", "DER");                                     // truncated INTEGER inside
        refuse("3005a003020106ff", "trailing");                          // bytes after the SEQUENCE
        refuse("3007a003020106a600", "unknown field tag 0xa6");
        refuse("300aa003020106a003020106", "out of order or repeated");
        refuse("300ca003020106a203040100a100", "out of order");
        refuse("3009a003020106a5020400", "clientNonce of 0 bytes");
        refuse("300ba003020106a504040201ff", "not 32");
        refuse("3005a0030201ff", "version -1");
        refuse("3084000000050201", "too large");                         // 4-byte length
        refuse("3080a003020106", "indefinite");
        refuse("300ea003020106a1073005300300", "DER");                   // negoToken item without [0]
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            many.append("3005a0030401aa");
        }
        String list = "30" + String.format("%02x", many.length() / 2) + many;
        String field = "a1" + String.format("%02x", list.length() / 2) + list;
        String body = "a003020106" + field;
        refuse("30" + String.format("%02x", body.length() / 2) + body, "more than 4 negoTokens");
        assertThatThrownBy(() -> CredSspCodec.decode(new byte[CredSspCodec.MAX_TS_REQUEST + 1]))
                .isInstanceOf(CredSspException.class).hasMessageContaining("exceeds");
    }

    @Test
    void otherCredentialTypesAndBadStringsAreRefused() {
        byte[] smartCard = HexFormat.of().parseHex("300aa003020102a1030401" + "00");
        assertThatThrownBy(() -> CredSspCodec.decodeCredentials(smartCard)).isInstanceOf(CredSspException.class)
                .hasMessageContaining("credType 2");
        // TSPasswordCreds with a 3-byte (odd) password
        byte[] odd = HexFormat.of().parseHex("301fa003020101a1180416" + "3014a0020400a1060404610062" + "00"
                + "a2050403616263");
        assertThatThrownBy(() -> CredSspCodec.decodeCredentials(odd)).isInstanceOf(CredSspException.class);
        byte[] longUser = CredSspCodec.encodeCredentials("", "u".repeat(CredSspCodec.MAX_CREDENTIAL_FIELD), new char[1]);
        assertThatThrownBy(() -> CredSspCodec.decodeCredentials(longUser)).isInstanceOf(CredSspException.class)
                .hasMessageContaining("too long");
        byte[] noUser = CredSspCodec.encodeCredentials("", "", "x".toCharArray());
        assertThatThrownBy(() -> CredSspCodec.decodeCredentials(noUser)).isInstanceOf(CredSspException.class)
                .hasMessageContaining("empty user name");
    }

    @Test
    void twentyThousandMutationsFailOnlyWithCredSspException() {
        Random random = new Random(15);
        byte[][] seeds = {
            CredSspCodec.encode(new TsRequest(6, List.of(new byte[40]), Optional.of(new byte[20]),
                    Optional.of(new byte[32]), OptionalLong.of(5), Optional.of(NONCE))),
            CredSspCodec.encodeCredentials("D", "alice", "secret".toCharArray()),
        };
        for (int i = 0; i < 20_000; i++) {
            byte[] b = seeds[i % 2].clone();
            int flips = 1 + random.nextInt(4);
            for (int k = 0; k < flips; k++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
            }
            try {
                CredSspCodec.decode(b);
            } catch (CredSspException expected) {
                // refused: fine
            }
            try {
                CredSspCodec.decodeCredentials(b).close();
            } catch (CredSspException expected) {
                // refused: fine
            }
        }
    }

    private static void refuse(String hex, String reason) {
        assertThatThrownBy(() -> CredSspCodec.decode(HexFormat.of().parseHex(hex)))
                .as(hex).isInstanceOf(CredSspException.class).hasMessageContaining(reason);
    }
}
