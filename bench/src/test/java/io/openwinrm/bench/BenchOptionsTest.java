package io.openwinrm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final List<String> REQUIRED = List.of("--winrm-url", "https://127.0.0.1:5986/wsman",
            "--fingerprint", "AB:CD", "--user", "bench", "--password-file", "/tmp/pw", "--server-pid", "10",
            "--sshd-pid", "11", "--ssh-port", "2222", "--ssh-key", "/tmp/key", "--control-path", "/tmp/cm");

    private static BenchOptions parse(String... extra) {
        List<String> a = new ArrayList<>(REQUIRED);
        a.addAll(List.of(extra));
        return BenchOptions.parse(a.toArray(String[]::new));
    }

    @Test
    void fullRunDefaultsMatchTheAssignment() {
        BenchOptions o = parse();
        assertThat(o.latencyRuns()).isGreaterThanOrEqualTo(200);
        assertThat(o.downloadBytes()).isEqualTo(1073741824L);
        assertThat(o.uploadBytes()).isEqualTo(268435456L);
        assertThat(o.throughputRuns()).isEqualTo(3);
        assertThat(o.sshPort()).isEqualTo(2222);
        assertThat(o.controlPath()).isEqualTo(Path.of("/tmp/cm"));
        assertThat(o.report()).isNull();
        assertThat(o.gcmRows()).isTrue();
    }

    @Test
    void quickShrinksButExplicitCountsWin() {
        BenchOptions o = parse("--quick", "--latency-runs", "7", "--no-gcm");
        assertThat(o.quick()).isTrue();
        assertThat(o.latencyRuns()).isEqualTo(7);
        assertThat(o.downloadBytes()).isLessThan(1073741824L);
        assertThat(o.gcmRows()).isFalse();
    }

    @Test
    void badInputIsRejectedPrecisely() {
        assertThatThrownBy(() -> BenchOptions.parse("--quick")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("missing --winrm-url");
        assertThatThrownBy(() -> parse("--latency-runs", "many")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--latency-runs needs a number");
        assertThatThrownBy(() -> parse("--throughput-runs", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("stray")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected argument 'stray'");
    }
}
