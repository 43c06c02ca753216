package io.openwinrm.psrp.clixml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile CLIXML: each refused quickly with a typed error naming the problem. */
@Timeout(10)
class ClixmlHostileTest {
    private final ClixmlReader reader = new ClixmlReader();

    private void refused(String xml, PsrpError error, String text) {
        assertThatThrownBy(() -> reader.read(xml)).isInstanceOf(PsrpException.class)
                .satisfies(e -> assertThat(((PsrpException) e).error()).isEqualTo(error))
                .hasMessageContaining(text);
    }

    @Test
    void depthTenThousand() {
        String xml = "<Obj><LST>".repeat(5000) + "</LST></Obj>".repeat(5000);
        refused(xml, PsrpError.LIMIT_EXCEEDED, "deeper than 100");
        refused("<Obj><MS>".repeat(5000), PsrpError.LIMIT_EXCEEDED, "deeper than 100");
    }

    @Test
    void billionLaughsThroughReferences() {
        StringBuilder sb = new StringBuilder("<Obj RefId=\"L0\"><LST>");
        sb.append("<Obj RefId=\"0\"><LST>").append("<S>lol</S>".repeat(10)).append("</LST></Obj>");
        for (int level = 1; level < 10; level++) {
            sb.append("<Obj RefId=\"").append(level).append("\"><LST>");
            sb.append(("<Ref RefId=\"" + (level - 1) + "\" />").repeat(10));
            sb.append("</LST></Obj>");
        }
        sb.append("</LST></Obj>");
        long start = System.nanoTime();
        refused(sb.toString(), PsrpError.LIMIT_EXCEEDED, "references expand to more than");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void referenceLoopAndDanglingReference() {
        refused("<Obj RefId=\"0\"><MS><Ref N=\"self\" RefId=\"0\" /></MS></Obj>", PsrpError.MALFORMED_CLIXML,
                "reference loop");
        refused("<Obj RefId=\"0\"><MS><Ref N=\"x\" RefId=\"7\" /></MS></Obj>", PsrpError.MALFORMED_CLIXML,
                "dangling reference");
        refused("<Obj RefId=\"0\"><LST><Obj RefId=\"0\" /></LST></Obj>", PsrpError.MALFORMED_CLIXML, "two objects");
        refused("<Obj RefId=\"0\"><TNRef RefId=\"3\" /></Obj>", PsrpError.MALFORMED_CLIXML, "no earlier <TN>");
    }

    @Test
    void dtdAndEntities() {
        refused("<!DOCTYPE S [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><S>&e;</S>", PsrpError.MALFORMED_CLIXML,
                "");
        refused("<!DOCTYPE S [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]><S>&b;</S>", PsrpError.MALFORMED_CLIXML, "");
        refused("<S>&undefined;</S>", PsrpError.MALFORMED_CLIXML, "");
    }

    @Test
    void sizesAndCounts() {
        ClixmlReader small = new ClixmlReader(new ClixmlLimits(20, 100, 1000, 1000));
        assertThatThrownBy(() -> small.read("<S>" + "a".repeat(5000) + "</S>")).isInstanceOf(PsrpException.class)
                .hasMessageContaining("longer than 1000");
        assertThatThrownBy(() -> small.read("<Obj><LST>" + "<Nil />".repeat(200) + "</LST></Obj>"))
                .isInstanceOf(PsrpException.class).hasMessageContaining("more than 100 elements");
    }

    @Test
    void unknownAndMalformed() {
        refused("<PR>x</PR>", PsrpError.MALFORMED_CLIXML, "unknown element <PR>");
        refused("<Obj><Bogus /></Obj>", PsrpError.MALFORMED_CLIXML, "unknown element <Bogus>");
        refused("<I32>12x</I32>", PsrpError.MALFORMED_CLIXML, "invalid <I32>");
        refused("<By>256</By>", PsrpError.MALFORMED_CLIXML, "invalid <By>");
        refused("<Db>0x1p3</Db>", PsrpError.MALFORMED_CLIXML, "invalid <Db>");
        refused("<TS>P</TS>", PsrpError.MALFORMED_CLIXML, "invalid <TS>");
        refused("<DT>yesterday</DT>", PsrpError.MALFORMED_CLIXML, "invalid <DT>");
        refused("<DT>2026-01-01T00:00:00+25:00</DT>", PsrpError.MALFORMED_CLIXML, "invalid <DT>");
        refused("<DT>2026-02-30T00:00:00</DT>", PsrpError.MALFORMED_CLIXML, "invalid <DT>");
        refused("<TS>P99999999999999999999D</TS>", PsrpError.MALFORMED_CLIXML, "invalid <TS>");
        refused("<G>not-a-guid</G>", PsrpError.MALFORMED_CLIXML, "invalid <G>");
        refused("<BA>!!!</BA>", PsrpError.MALFORMED_CLIXML, "invalid <BA>");
        refused("<Version>1</Version>", PsrpError.MALFORMED_CLIXML, "invalid <Version>");
        refused("<U64>-1</U64>", PsrpError.MALFORMED_CLIXML, "invalid <U64>");
        refused("<D>1e5</D>", PsrpError.MALFORMED_CLIXML, "invalid <D>");
        refused("<Ref RefId=\"0\" />", PsrpError.MALFORMED_CLIXML, "dangling reference");
        refused("<S>a<S>b</S></S>", PsrpError.MALFORMED_CLIXML, "inside <S>");
        refused("<S>a</S><S>b</S>", PsrpError.MALFORMED_CLIXML, "");
        refused("<Obj><MS><S>no name</S></MS></Obj>", PsrpError.MALFORMED_CLIXML, "no N attribute");
        refused("<Obj><DCT><En><S N=\"Key\">k</S></En></DCT></Obj>", PsrpError.MALFORMED_CLIXML, "lacks its Value");
        refused("<Obj><LST /><DCT /></Obj>", PsrpError.MALFORMED_CLIXML, "two collection");
        refused("<S>unterminated", PsrpError.MALFORMED_CLIXML, "malformed CLIXML");
        refused("", PsrpError.MALFORMED_CLIXML, "empty");
        assertThatThrownBy(() -> reader.read(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 'S', '>',
            (byte) 0xC3, '<', '/', 'S', '>'})).isInstanceOf(PsrpException.class);
    }
}
