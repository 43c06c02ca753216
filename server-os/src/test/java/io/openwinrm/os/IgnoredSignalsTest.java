package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.server.command.LaunchSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A server that inherited SIGINT/SIGQUIT as ignored must not pass that on to the commands it starts. */
class IgnoredSignalsTest {

    @Test
    void readsIntAndQuitFromTheMask() {
        assertThat(IgnoredSignals.of(0)).isEmpty();
        assertThat(IgnoredSignals.of(0x2)).containsExactly("INT");
        assertThat(IgnoredSignals.of(0x4)).containsExactly("QUIT");
        assertThat(IgnoredSignals.of(0x1006)).containsExactly("INT", "QUIT");
    }

    @Test
    void theChainRestoresWhatItsParentIgnored() throws Exception {
        for (boolean privileged : new boolean[] {false, true}) {
            assertThat(ignoredInChild(List.of("INT", "QUIT"), privileged)).as("privileged %s", privileged).isZero();
            assertThat(ignoredInChild(List.of(), privileged)).as("the test's own wrapper really ignores them")
                    .isEqualTo(0x6);
        }
    }

    /** SigIgn & (INT|QUIT) of a command started through a chain whose parent ignores both. */
    private static long ignoredInChild(List<String> restore, boolean privileged) throws Exception {
        LaunchChain chain = new LaunchChain(LocalProcessLauncher.DEFAULT_SETSID, LaunchChain.DEFAULT_SETPRIV, restore,
                privileged);
        LaunchSpec spec = new LaunchSpec(List.of("/bin/sh"), Path.of("/"), java.util.Map.of("PATH", "/usr/bin:/bin"));
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh"));
        LaunchChain.Command command = chain.command(spec, Optional.empty(),
                List.of("/bin/sh", "-c", "grep SigIgn /proc/self/status"), java.util.Map.of());
        argv.addAll(command.argv());
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(command.environment());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return Long.parseUnsignedLong(out.substring("SigIgn:".length()).strip(), 16) & 0x6;
    }
}
