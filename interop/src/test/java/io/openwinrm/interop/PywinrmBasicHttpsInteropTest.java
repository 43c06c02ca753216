package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** pywinrm with Basic authentication over HTTPS; see {@link AbstractShellScenarioInteropTest} for the shared cases. */
class PywinrmBasicHttpsInteropTest extends AbstractShellScenarioInteropTest
        implements PasswordAuthenticationChecks, TlsTrustChecks {

    @Override
    Peer peer() {
        return Peer.PYWINRM;
    }

    @Test
    void defaultCodepage437PassesOutputThroughUnchanged() throws Exception {
        // issue 10, item 0: pywinrm asks for WINRS_CODEPAGE=437 unless told otherwise. Windows hands a process's
        // pipe bytes over unchanged whatever the code page; so must we (transcoding turned "\u00e9" into 0x82 and
        // lost the check mark). The command is told the code page in its environment.
        assertThat(Peer.PYWINRM.defaultCodepage()).isEqualTo(437);
        DriverResult r = driveOk(insecure(), "run", "--command",
                "printf 'h\u00e9llo w\u00f6rld \u2713 %s' \"$OPENWINRM_CODEPAGE\"");
        assertRemoteExit(r, 0);
        assertThat(r.bytesField("stdout_b64"))
                .isEqualTo("h\u00e9llo w\u00f6rld \u2713 437".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void defaultCodepage437PassesStdinThroughUnchanged(@TempDir Path dir) throws Exception {
        // 4,096 random bytes reached the process as 7,125 when stdin was transcoded from IBM437
        byte[] random = new byte[4096];
        new Random(437).nextBytes(random);
        Path file = dir.resolve("stdin.bin");
        Files.write(file, random);
        DriverResult r = driveOk(insecure(), "run", "--command", "cat", "--stdin-file", file.toString());
        assertRemoteExit(r, 0);
        assertThat(r.bytesField("stdout_b64")).isEqualTo(random);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fiftyMegabytesOfStdinSentBeforeTheFirstReceive(@TempDir Path dir) throws Exception {
        // issue 10, item 1: pywinrm users call send_command_input for all of their input and only then Receive.
        // Through cat, the output must be buffered meanwhile (the shell's output budget, MaxMemoryPerShellMB's role);
        // with a 1 MiB output buffer the Sends stalled after about 2 MB and the one waiting was refused TimedOut.
        int size = 50 * 1024 * 1024;
        byte[] random = new byte[size];
        new Random(size).nextBytes(random);
        Path file = Files.write(dir.resolve("stdin.bin"), random);
        DriverResult r = DriverRunner.run(argv(insecure(), "run", "--no-data", "--command", "cat",
                "--stdin-file", file.toString(), "--send-all-first"), driverPassword(), Duration.ofSeconds(100));
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isZero();
        assertRemoteExit(r, 0);
        assertThat(r.longField("stdout_len")).isEqualTo(size);
        assertThat(r.stringField("stdout_sha256")).isEqualTo(sha256Hex(random));
        assertThat(r.longField("elapsed_ms")).as("one mode's run").isLessThan(60_000);
    }
}
