package io.openwinrm.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shell scenarios every peer must pass with every authentication it supports: the Shell lifecycle
 * of [MS-WSMV] 3.1.4.11 to 3.1.4.14 (Create, Command, Send, Receive with its TimedOut fault, Signal,
 * Delete) through the class's listener and authentication.
 */
abstract class AbstractShellScenarioInteropTest extends AbstractPeerInteropTest {

    /** The WSManFault code Windows gives for an unknown shell (InvalidSelectors, 0x8033805B; [MS-WSMV] 3.1.4.14). */
    static final String UNKNOWN_SHELL_WSMAN_CODE = "2150858843";

    @Test
    void echoHello() throws Exception {
        // Over HTTPS the server certificate is checked through --ca-file.
        DriverResult r = driveOk(trusted(), "run", "--command", "echo hello");
        assertRemoteExit(r, 0);
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo("hello\n");
        assertThat(r.longField("stdout_len")).isEqualTo(6);
        assertThat(r.stringField("stdout_sha256")).isEqualTo(sha256Hex("hello\n".getBytes(UTF_8)));
        assertThat(r.longField("stderr_len")).isZero();
    }

    @Test
    void argumentsFollowTheCommand() throws Exception {
        DriverResult r = driveOk(insecure(), "run", "--command", "echo", "--arg", "hello", "--arg", "world");
        assertRemoteExit(r, 0);
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo("hello world\n");
    }

    @Test
    void stderrIsAStreamOfItsOwn() throws Exception {
        DriverResult r = driveOk(insecure(), "run", "--command", "echo out; echo err 1>&2");
        assertRemoteExit(r, 0);
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo("out\n");
        assertThat(new String(r.bytesField("stderr_b64"), UTF_8)).isEqualTo("err\n");
    }

    @ParameterizedTest(name = "exit {0}")
    @ValueSource(ints = {0, 1, 255})
    void exitCodeIsReported(int code) throws Exception {
        DriverResult r = driveOk(insecure(), "run", "--command", "exit " + code);
        assertRemoteExit(r, code);
        assertThat(r.longField("stdout_len")).isZero();
    }

    @Test
    void stdinRoundTrip(@TempDir Path dir) throws Exception {
        byte[] input = "first line\nsecond line\nno newline at the end".getBytes(UTF_8);
        Path file = Files.write(dir.resolve("stdin.txt"), input);
        DriverResult r = driveOk(insecure(), "run", "--command", "cat", "--stdin-file", file.toString());
        assertRemoteExit(r, 0);
        assertThat(r.bytesField("stdout_b64")).isEqualTo(input);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fiftyMegabytesOfOutput() throws Exception {
        int size = 50 * 1024 * 1024;
        byte[] expected = new byte[size];
        Arrays.fill(expected, (byte) 'a');
        DriverResult r = DriverRunner.run(argv(insecure(), "run", "--no-data",
                "--command", "head -c " + size + " /dev/zero | tr '\\0' a"), driverPassword(), driverEnvironment(),
                Duration.ofSeconds(280));
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isZero();
        assertRemoteExit(r, 0);
        assertThat(r.json()).doesNotContainKeys("stdout_b64", "stderr_b64");
        assertThat(r.longField("stdout_len")).isEqualTo(size);
        assertThat(r.stringField("stdout_sha256")).isEqualTo(sha256Hex(expected));
        assertThat(r.longField("stderr_len")).isZero();
    }

    @Test
    void utf8OutputWithCodepage65001() throws Exception {
        DriverResult r = driveOk(with(insecure(), "--codepage", "65001"),
                "run", "--command", "printf 'h\u00e9llo w\u00f6rld \u2713'");
        assertRemoteExit(r, 0);
        assertThat(r.bytesField("stdout_b64")).isEqualTo("h\u00e9llo w\u00f6rld \u2713".getBytes(UTF_8));
    }

    @Test
    void commandOutlivesTheOperationTimeout() throws Exception {
        // Every Receive times out after 1 s with the w:TimedOut fault ([MS-WSMV] 3.1.4.14.2); the
        // client must treat that as "no output yet" and ask again until the command is done.
        DriverResult r = driveOk(with(insecure(), "--operation-timeout", "1"),
                "run", "--command", "sleep 3; echo done");
        assertRemoteExit(r, 0);
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo("done\n");
        assertThat(r.longField("elapsed_ms")).isGreaterThanOrEqualTo(3000);
    }

    @Test
    void terminateStopsARunningCommand() throws Exception {
        int afterSeconds = 3;
        boolean sawRunning = false;
        DriverResult r;
        try (DriverRunner.RunningDriver driver = DriverRunner.start(argv(insecure(),
                "terminate", "--command", "sleep 100", "--after-seconds", String.valueOf(afterSeconds),
                "--wait-seconds", "20"), driverPassword(), driverEnvironment())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!sawRunning && driver.isAlive() && System.nanoTime() < deadline) {
                sawRunning = server().liveProcessCount() > 0;
                Thread.sleep(20);
            }
            r = driver.await(Duration.ofSeconds(60));
        }
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isZero();
        assertThat(sawRunning).as("the server never showed the command running%s", r.describe()).isTrue();
        assertThat(r.field("terminated")).as("terminated%s", r.describe()).isEqualTo(Boolean.TRUE);
        // From Command to the end of output: the 3 s wait plus a prompt end, nowhere near sleep's 100 s.
        assertThat(r.longField("elapsed_ms")).as("elapsed_ms%s", r.describe()).isLessThan(afterSeconds * 1000L + 12_000);
        awaitLiveProcesses(0, Duration.ofSeconds(5));
    }

    @Test
    void unknownShellIdIsAFault() throws Exception {
        String bogus = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        DriverResult r = driveOk(insecure(), "fault", "--shell-id", bogus);
        assertThat(r.field("wsman_code")).as("wsman_code%s", r.describe()).isEqualTo(UNKNOWN_SHELL_WSMAN_CODE);
        assertThat(r.field("error_type")).as("error_type%s", r.describe()).isNotNull();
        assertThat(r.stringField("message")).isNotBlank();
    }
}
