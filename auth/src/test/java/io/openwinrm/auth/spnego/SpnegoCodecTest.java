package io.openwinrm.auth.spnego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpnegoCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void mechTypesDerIsTheKnownNtlmList() {
        assertThat(HEX.formatHex(SpnegoCodec.encodeMechTypes(List.of(SpnegoOids.NTLM))))
                .isEqualTo("300c060a2b06010401823702020a");
        assertThat(HEX.formatHex(SpnegoCodec.encodeMechTypes(List.of(SpnegoOids.MS_KERBEROS, SpnegoOids.KERBEROS))))
                .isEqualTo("3016" + "06092a864882f712010202" + "06092a864886f712010202");
    }

    @Test
    void negTokenInitRoundTripsAndStartsWithTheGssFraming() throws Exception {
        byte[] ntlm = "NTLMSSP\0\1\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] wire = SpnegoCodec.encode(new NegTokenInit(List.of(SpnegoOids.NTLM), Optional.of(ntlm),
                Optional.empty()));
        assertThat(HEX.formatHex(wire, 0, 10)).startsWith("60").endsWith("06062b0601050502");
        assertThat(SpnegoCodec.initialTokenMech(wire)).contains(SpnegoOids.SPNEGO);
        NegTokenInit back = (NegTokenInit) SpnegoCodec.decode(wire);
        assertThat(back.mechTypes()).containsExactly(SpnegoOids.NTLM);
        assertThat(back.mechToken()).hasValueSatisfying(t -> assertThat(t).isEqualTo(ntlm));
        assertThat(back.mechListMic()).isEmpty();
    }

    @Test
    void negTokenRespRoundTripsWithLongTokens() throws Exception {
        byte[] token = new byte[70000 - 100];
        token[5] = 9;
        byte[] mic = new byte[16];
        NegTokenResp resp = new NegTokenResp(Optional.of(NegState.ACCEPT_INCOMPLETE), Optional.of(SpnegoOids.NTLM),
                Optional.of(new byte[300]), Optional.of(mic));
        NegTokenResp back = (NegTokenResp) SpnegoCodec.decode(SpnegoCodec.encode(resp));
        assertThat(back.negState()).contains(NegState.ACCEPT_INCOMPLETE);
        assertThat(back.supportedMech()).contains(SpnegoOids.NTLM);
        assertThat(back.responseToken().orElseThrow()).hasSize(300);
        assertThat(back.mechListMic().orElseThrow()).isEqualTo(mic);
        assertThatThrownBy(() -> SpnegoCodec.decode(SpnegoCodec.encode(new NegTokenResp(Optional.empty(),
                Optional.empty(), Optional.of(token), Optional.empty()))))
                .isInstanceOf(SpnegoException.class).hasMessageContaining("longer");
    }

    @Test
    void acceptCompletedWithMicOnly() throws Exception {
        byte[] wire = SpnegoCodec.encode(new NegTokenResp(Optional.of(NegState.ACCEPT_COMPLETED), Optional.empty(),
                Optional.empty(), Optional.of(new byte[16])));
        assertThat(HEX.formatHex(wire)).isEqualTo("a11b3019a0030a0100a3120410" + "00".repeat(16));
    }

    @Test
    void windowsStyleNegTokenInit2WithNegHintsDecodes() throws Exception {
        // pyspnego as acceptor sends a NegTokenInit2 with negHints [3] hintName
        byte[] hints = HEX.parseHex("a3" + "2a" + "3028a0261b246e6f745f646566696e65645f696e5f5246433431373840706c656173655f69676e6f7265");
        byte[] mechTypes = HEX.parseHex("a00e300c060a2b06010401823702020a");
        byte[] seq = concat(HEX.parseHex("30" + String.format("%02x", mechTypes.length + hints.length)), mechTypes, hints);
        byte[] a0 = concat(HEX.parseHex("a0" + String.format("%02x", seq.length)), seq);
        byte[] body = concat(HEX.parseHex("06062b0601050502"), a0);
        byte[] wire = concat(HEX.parseHex("60" + String.format("%02x", body.length)), body);
        NegTokenInit init = (NegTokenInit) SpnegoCodec.decode(wire);
        assertThat(init.mechTypes()).containsExactly(SpnegoOids.NTLM);
        assertThat(init.mechListMic()).isEmpty();
    }

    @Test
    void rawKerberosTokenIsRecognisedButNotDecodedAsSpnego() {
        // 0x60 len 06 09 <1.2.840.113554.1.2.2> 01 00 (AP-REQ tok id) ...
        byte[] krb = HEX.parseHex("600f06092a864886f71201020201006e00");
        krb[1] = (byte) (krb.length - 2);
        assertThat(SpnegoCodec.initialTokenMech(krb)).contains(SpnegoOids.KERBEROS);
        assertThatThrownBy(() -> SpnegoCodec.decode(krb)).isInstanceOf(SpnegoException.class)
                .hasMessageContaining("not SPNEGO");
    }

    @Test
    void hostileInputsGiveSpnegoException() {
        for (String hex : List.of("", "00", "60", "6080", "6084ffffffff", "a1", "a10130", "a103300130",
                "a1053003a00100", "a1053003a2010a", "a1073005a0030a0109", "a1083006a0040a020000",
                "6006060200000000", "600a06062b0601050502a000", "600c06062b0601050502a0023000",
                "a1083006a3020400a0", "a1073005a1030601ff")) {
            byte[] b = HEX.parseHex(hex);
            assertThatThrownBy(() -> SpnegoCodec.decode(b)).as(hex).isInstanceOf(SpnegoException.class);
        }
    }

    @Test
    void pyspnegoInitialTokenDecodes() throws Exception {
        // spnego.client('u', 'p', protocol='negotiate').step() from pyspnego 0.12 (NTLM only, no gssapi)
        byte[] wire = Base64.getDecoder().decode("YEgGBisGAQUFAqA+MDygDjAMBgorBgEEAYI3AgIKoioEKE5UTE1TU1AAAQAAADeCCOIAAAAAKAAAAAAAAAAoAAAAAAwEAAAAAA8=");
        NegTokenInit init = (NegTokenInit) SpnegoCodec.decode(wire);
        assertThat(init.mechTypes()).containsExactly(SpnegoOids.NTLM);
        assertThat(new String(init.mechToken().orElseThrow(), 0, 7)).isEqualTo("NTLMSSP");
        assertThat(SpnegoCodec.encode(init)).isEqualTo(wire);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
