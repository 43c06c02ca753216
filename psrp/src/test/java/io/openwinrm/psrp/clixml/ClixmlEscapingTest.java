package io.openwinrm.psrp.clixml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** [MS-PSRP] 2.2.5.3.2 escaping, including the cases pypsrp#45 and psrpcore PR #32 got wrong. */
class ClixmlEscapingTest {

    @Test
    void controlCharactersAndNewlines() {
        assertThat(ClixmlEscaping.encode("a\r\nb\tc")).isEqualTo("a_x000D__x000A_b_x0009_c");
        assertThat(ClixmlEscaping.encode("\u0000\u007F\u009F\u00A0")).isEqualTo("_x0000__x007F__x009F_\u00A0");
    }

    @Test
    void surrogateHalvesSeparately() {
        assertThat(ClixmlEscaping.encode("😀")).isEqualTo("_xD83D__xDE00_");
        assertThat(ClixmlEscaping.decode("_xD83D__xDE00_")).isEqualTo("😀");
        assertThat(ClixmlEscaping.decode("_x0001F600_")).isEqualTo("😀");
    }

    @Test
    void underscoreBeforeX() {
        assertThat(ClixmlEscaping.encode("_x0031_")).isEqualTo("_x005F_x0031_");
        assertThat(ClixmlEscaping.encode("dir_X0031_")).isEqualTo("dir_x005F_X0031_");
        assertThat(ClixmlEscaping.encode("a_b _")).isEqualTo("a_b _");
        assertThat(ClixmlEscaping.decode("_x005F_x0031_")).isEqualTo("_x0031_");
    }

    @Test
    void invalidEscapesStayLiteral() {
        for (String s : new String[] {"_x", "_x12", "_x123_", "_xZZZZ_", "_x12345_", "_", "__x0041", "_x٠٠٤١_"}) {
            assertThat(ClixmlEscaping.decode(s)).isEqualTo(s);
        }
        assertThat(ClixmlEscaping.decode("_x0041_")).isEqualTo("A");
        assertThat(ClixmlEscaping.decode("_X0041_")).isEqualTo("A");
        assertThat(ClixmlEscaping.decode("_x0041__x0042_")).isEqualTo("AB");
    }

    @Test
    void randomStringsRoundTrip() {
        Random random = new Random(7);
        char[] alphabet = {'_', 'x', 'X', '0', '4', 'A', 'f', '\r', '\n', '\u0001', '\uD83D', '\uDE00', '\uFFFF', 'é',
            ' ', '<', '&'};
        for (int i = 0; i < 20_000; i++) {
            char[] c = new char[random.nextInt(16)];
            for (int k = 0; k < c.length; k++) {
                c[k] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(c);
            String encoded = ClixmlEscaping.encode(s);
            assertThat(ClixmlEscaping.decode(encoded)).isEqualTo(s);
            assertThat(encoded.chars().allMatch(ch -> ch >= 0x20 && ch != 0xFFFF && !Character.isSurrogate((char) ch)))
                    .isTrue();
        }
    }
}
