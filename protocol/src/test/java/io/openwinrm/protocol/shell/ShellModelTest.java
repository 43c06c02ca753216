package io.openwinrm.protocol.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShellModelTest {
    @Test
    void signalCodesCompareCaseInsensitively() {
        assertThat(SignalCode.fromUri("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate"))
                .contains(SignalCode.TERMINATE);
        assertThat(SignalCode.fromUri("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/Terminate"))
                .contains(SignalCode.TERMINATE);
        assertThat(SignalCode.fromUri("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_break"))
                .contains(SignalCode.CTRL_BREAK);
        assertThat(SignalCode.fromUri("powershell/signal/ctrl_c")).contains(SignalCode.CTRL_C);
        assertThat(SignalCode.fromUri("http://example/kill")).isEmpty();
        assertThat(SignalCode.fromUri(null)).isEmpty();
    }

    @Test
    void commandStateUrisAndLenientParsing() {
        assertThat(CommandState.DONE.uri())
                .isEqualTo("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done");
        assertThat(CommandState.fromUri(CommandState.RUNNING.uri())).contains(CommandState.RUNNING);
        assertThat(CommandState.fromUri("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/done"))
                .contains(CommandState.DONE);
        assertThat(CommandState.fromUri("Pending")).contains(CommandState.PENDING);
        assertThat(CommandState.fromUri("http://other/CommandState/Done")).isEmpty();
        assertThat(CommandState.fromUri("bogus")).isEmpty();
    }

    @Test
    void streamDataIsValueTypedOverItsBytes() {
        byte[] raw = {1, 2, 3};
        StreamData a = new StreamData("stdout", "C", raw, false);
        raw[0] = 9; // defensive copy
        StreamData b = new StreamData("stdout", "C", new byte[] {1, 2, 3}, false);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new StreamData("stdout", "C", new byte[] {1, 2, 3}, true));
        a.data()[0] = 7;
        assertThat(a.data()[0]).isEqualTo((byte) 1);
        assertThat(a.toString()).contains("length=3").doesNotContain("[B@");
    }

    @Test
    void environmentKeepsInsertionOrder() {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 20; i > 0; i--) {
            env.put("K" + i, "v");
        }
        CreateShell c = new CreateShell(null, List.of("stdin"), List.of("stdout"), null, env, Optional.empty(),
                Optional.empty(), null);
        assertThat(c.environment().keySet()).containsExactlyElementsOf(env.keySet());
        assertThat(new HashMap<>(c.environment())).isEqualTo(env);
        assertThat(CreateShell.cmd().outputStreams()).containsExactly("stdout", "stderr");
    }

    @Test
    void streamListsSplitOnAnyWhitespace() {
        assertThat(StreamNames.split(" stdout \n stderr ")).containsExactly("stdout", "stderr");
        assertThat(StreamNames.split("")).isEmpty();
        assertThat(StreamNames.split(null)).isEmpty();
    }
}
