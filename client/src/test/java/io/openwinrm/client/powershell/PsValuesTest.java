package io.openwinrm.client.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.psrp.clixml.ClixmlReader;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.state.RunspacePoolState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PsValues} on CLIXML as PowerShell writes it, and the client's pool state machine. */
class PsValuesTest {

    private static PsValue read(String clixml) {
        return new ClixmlReader().read(clixml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void primitivesReadAsPowerShellPrintsThem() {
        assertThat(PsValues.toText(read("<B>true</B>"))).isEqualTo("True");
        assertThat(PsValues.toText(read("<I32>-7</I32>"))).isEqualTo("-7");
        assertThat(PsValues.toText(read("<S>a_x000A_b</S>"))).isEqualTo("a\nb");
        assertThat(PsValues.toText(read("<Nil />"))).isEmpty();
        assertThat(PsValues.toJava(read("<I64>9000000000</I64>"))).isEqualTo(9_000_000_000L);
        assertThat(PsValues.toJava(read("<B>false</B>"))).isEqualTo(false);
    }

    @Test
    void anEnumIsItsNameAsTextAndAPropertyBagIsABag() {
        PsValue e = read("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.ConsoleColor</T><T>System.Enum</T>"
                + "<T>System.Object</T></TN><ToString>Red</ToString><I32>12</I32></Obj>");
        assertThat(PsValues.toText(e)).isEqualTo("Red");
        assertThat(PsValues.typeNames(e)).startsWith("System.ConsoleColor");
        assertThat(PsValues.isPropertyBag(e)).isFalse();

        PsValue bag = read("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T>"
                + "<T>System.Object</T></TN><MS><S N=\"Name\">svc</S><I32 N=\"Id\">4</I32></MS></Obj>");
        assertThat(PsValues.isPropertyBag(bag)).isTrue();
        assertThat(PsValues.properties(bag)).containsOnlyKeys("Name", "Id");
        assertThat(PsValues.toText(bag)).isEqualTo("@{Name=svc; Id=4}");
        assertThat(PsValues.toJava(bag)).isEqualTo(Map.of("Name", "svc", "Id", 4L));
    }

    @Test
    void listsAndHashtablesBecomeJavaCollections() {
        PsValue list = read("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Object[]</T><T>System.Array</T>"
                + "<T>System.Object</T></TN><LST><S>a</S><I32>1</I32></LST></Obj>");
        assertThat(PsValues.toJava(list)).isEqualTo(List.of("a", 1L));
        assertThat(PsValues.toText(list)).isEqualTo("a 1");
        PsValue table = read("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Collections.Hashtable</T>"
                + "<T>System.Object</T></TN><DCT><En><S N=\"Key\">k</S><S N=\"Value\">v</S></En></DCT></Obj>");
        assertThat(PsValues.toJava(table)).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void thePoolStateMachineRefusesWhatTheClientNeverDoes() {
        PoolStates s = new PoolStates();
        assertThat(s.tryMove(RunspacePoolState.OPENED)).as("no Opened before negotiation").isFalse();
        s.move(RunspacePoolState.BEFORE_OPEN, RunspacePoolState.OPENING, "open");
        assertThat(s.tryMove(RunspacePoolState.DISCONNECTED)).isFalse();
        assertThat(s.tryMove(RunspacePoolState.NEGOTIATION_SENT)).isTrue();
        assertThat(s.tryMove(RunspacePoolState.NEGOTIATION_SUCCEEDED)).isTrue();
        assertThat(s.tryMove(RunspacePoolState.OPENED)).isTrue();
        assertThat(s.tryMove(RunspacePoolState.DISCONNECTED)).isTrue();
        assertThat(s.tryMove(RunspacePoolState.OPENED)).as("reconnect").isTrue();
        assertThat(s.tryMove(RunspacePoolState.BROKEN)).isTrue();
        assertThat(s.tryMove(RunspacePoolState.OPENED)).as("Broken is final").isFalse();
        assertThat(s.tryMove(RunspacePoolState.CLOSED)).isFalse();
        assertThat(s.get()).isEqualTo(RunspacePoolState.BROKEN);
    }
}
