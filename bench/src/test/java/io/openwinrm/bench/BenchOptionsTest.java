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
        assertThat(o.ntlmRows()).isFalse();
        assertThat(o.certificateRows()).isFalse();
    }

    @Test
    void ntlmAndCertificateVariantsAreOptIn() {
        BenchOptions o = parse("--winrm-http-url", "http://127.0.0.1:5985/wsman", "--client-cert", "/tmp/c.crt",
                "--client-key", "/tmp/c.key");
        assertThat(o.ntlmRows()).isTrue();
        assertThat(o.winrmHttpUrl()).isEqualTo("http://127.0.0.1:5985/wsman");
        assertThat(o.certificateRows()).isTrue();
        assertThat(o.clientCert()).isEqualTo(Path.of("/tmp/c.crt"));
        assertThat(o.clientKey()).isEqualTo(Path.of("/tmp/c.key"));
    }

    @Test
    void variantFlagsAreCheckedPrecisely() {
        assertThatThrownBy(() -> parse("--client-cert", "/tmp/c.crt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--client-cert and --client-key go together");
        assertThatThrownBy(() -> parse("--winrm-http-url", "https://127.0.0.1:5986/wsman"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--winrm-http-url needs an http:// URL");
    }

    @Test
    void newVariantsHaveTheAssignedTargets() {
        assertThat(new Row("x", "ms", 10, 9.9, WinRmVariant.NTLM.latencyTarget()).verdict()).isEqualTo("met");
        assertThat(new Row("x", "MB/s", 100, 24, WinRmVariant.CERTIFICATE.downloadTarget()).verdict())
                .isEqualTo("not met");
        assertThat(new Row("x", "MB/s", 100, 26, WinRmVariant.NTLM.downloadTarget()).verdict()).isEqualTo("met");
        assertThat(new Row("x", "MB/s", 100, 29, WinRmVariant.BASIC.downloadTarget()).verdict())
                .isEqualTo("not met");
    }

    @Test
    void ordinaryUserRowIsOptInAndNeedsItsOwnControlPath() {
        assertThat(parse().ordinaryUserRow()).isFalse();
        assertThat(parse().ordinaryUser()).isNull();
        BenchOptions o = parse("--ordinary-user", "owbench1a2b", "--ordinary-control-path", "/tmp/cm-user");
        assertThat(o.ordinaryUserRow()).isTrue();
        assertThat(o.ordinaryUser()).isEqualTo("owbench1a2b");
        assertThat(o.ordinaryControlPath()).isEqualTo(Path.of("/tmp/cm-user"));
        assertThat(o.controlPath()).isEqualTo(Path.of("/tmp/cm"));
        assertThat(o.user()).isEqualTo("bench");
    }

    @Test
    void ordinaryUserFlagsAreCheckedPrecisely() {
        assertThatThrownBy(() -> parse("--ordinary-user", "owbench")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--ordinary-user and --ordinary-control-path go together");
        assertThatThrownBy(() -> parse("--ordinary-control-path", "/tmp/cm2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--ordinary-user and --ordinary-control-path go together");
        for (String bad : List.of("root", "bench", "Owbench", "ow bench", "-x", "")) {
            assertThatThrownBy(() -> parse("--ordinary-user", bad, "--ordinary-control-path", "/tmp/cm2"))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--ordinary-user needs a POSIX account name other than root and --user");
        }
    }

    @Test
    void ordinaryUserRowHasNoTarget() {
        Row r = new Row("x", "ms", 10, 25, WinRmVariant.ORDINARY_USER.latencyTarget());
        assertThat(r.verdict()).isEmpty();
        assertThat(WinRmVariant.ORDINARY_USER.label()).contains("ordinary user").contains("setpriv")
                .contains("private /proc");
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
