package io.openwinrm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenSshSideTest {

    private static BenchOptions options(String... extra) {
        List<String> a = new ArrayList<>(List.of("--winrm-url", "https://127.0.0.1:5986/wsman",
                "--fingerprint", "AB:CD", "--user", "root", "--password-file", "/tmp/pw", "--server-pid", "10",
                "--sshd-pid", "11", "--ssh-port", "2222", "--ssh-key", "/tmp/key", "--control-path", "/tmp/cm",
                "--no-hyperfine"));
        a.addAll(List.of(extra));
        return BenchOptions.parse(a.toArray(String[]::new));
    }

    @Test
    void rootLogsInAsRootOverTheFirstControlMaster() {
        List<String> argv = new OpenSshSide(options("--ordinary-user", "owbench9", "--ordinary-control-path",
                "/tmp/cm-ordinary")).muxed("true");
        assertThat(argv).containsSubsequence("-S", "/tmp/cm", "-o", "ControlMaster=no", "root@127.0.0.1", "true")
                .doesNotContain("owbench9@127.0.0.1", "/tmp/cm-ordinary");
    }

    @Test
    void ordinaryUserLogsInAsItselfOverItsOwnControlMaster() {
        OpenSshSide side = OpenSshSide.ordinaryUser(options("--ordinary-user", "owbench9",
                "--ordinary-control-path", "/tmp/cm-ordinary"));
        assertThat(side.muxed("true")).containsSubsequence("-i", "/tmp/key", "-p", "2222", "-S", "/tmp/cm-ordinary",
                "-o", "ControlMaster=no", "owbench9@127.0.0.1", "true").doesNotContain("root@127.0.0.1", "/tmp/cm");
        assertThat(side.ssh(List.of(), "true")).endsWith("owbench9@127.0.0.1", "true");
        assertThat(side.usesHyperfine()).isFalse();
    }

    @Test
    void ordinaryUserSideNeedsTheOption() {
        assertThatThrownBy(() -> OpenSshSide.ordinaryUser(options())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no --ordinary-user given");
    }
}
