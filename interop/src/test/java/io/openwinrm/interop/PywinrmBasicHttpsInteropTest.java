package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
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
}
