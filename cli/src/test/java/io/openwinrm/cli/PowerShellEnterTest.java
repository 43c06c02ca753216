package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.cli.CliTest.Run;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openwinrm enter --powershell} against the native restricted engine ({@link RestrictedPowerShellServer}):
 * lines from standard input as pipelines of one pool, refusals on standard error, {@code exit} and
 * {@code Exit-PSSession}, the pool deleted on leaving; and in a real terminal (tmux) the remote prompt and Ctrl+C
 * stopping a running {@code sleep}, not the session.
 */
@Timeout(120)
class PowerShellEnterTest {

    private static final double STEP_SECONDS = 15;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = RestrictedPowerShellServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String host() {
        return "127.0.0.1:" + server.httpsEndpoint().getPort();
    }

    private static Run enter(Path home, String lines, String... extra) {
        List<String> args = new ArrayList<>(List.of("enter", host(), "--home", home.toString(), "-u", server.user(),
                "--password-stdin", "--cert-fingerprint", server.certificateSha256()));
        args.addAll(List.of(extra));
        return CliTest.run(server.password() + "\n" + lines, args.toArray(String[]::new));
    }

    @Test
    void linesRunAsPipelinesOfOnePoolAndARefusalIsAnErrorThatFailsTheRun(@TempDir Path home) {
        int before = server.shellCount();
        Run r = enter(home, String.join("\n", "echo hello", "", "echo HELLO1", "Get-Command sleep", "echo after",
                "exit", "echo never") + "\n", "--powershell", "--endpoint", "jea");
        assertThat(r.out()).doesNotContain("never").doesNotContain("PS>");
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.get(0)).isEqualTo("hello");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("sleep "));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("after");
        assertThat(r.err()).contains("does not match ^[a-z]{1,20}$ (role ops: /usr/bin/echo)")
                .contains("+ FullyQualifiedErrorId : ").doesNotContain("\tat ");
        assertThat(r.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(server.shellCount()).as("leaving deletes the pool").isEqualTo(before);
    }

    @Test
    void endOfInputLeavesWithZeroWhenEveryLineSucceeded(@TempDir Path home) {
        int before = server.shellCount();
        Run r = enter(home, "echo one\necho two\n", "--powershell", "--endpoint", "jea");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("one\ntwo\n");
        assertThat(r.exit()).isZero();
        assertThat(server.shellCount()).isEqualTo(before);
    }

    /** Exit-PSSession typed leaves at once; sent inside a longer line, the server's PopRunspace host call does. */
    @Test
    void exitPsSessionLeaves(@TempDir Path home) {
        Run typed = enter(home, "echo one\nExit-PSSession\necho never\n", "--powershell", "--endpoint", "jea");
        assertThat(typed.out()).isEqualTo("one\n");
        assertThat(typed.exit()).as(typed.err()).isZero();

        Run remote = enter(home, "echo one\nExit-PSSession -Verbose\necho never\n", "--powershell", "--endpoint",
                "jea");
        assertThat(remote.err()).isEmpty();
        assertThat(remote.out()).isEqualTo("one\n");
        assertThat(remote.exit()).isZero();
    }

    @Test
    void badEndpointsAndTtyAreOneLineErrors(@TempDir Path home) {
        Run tty = enter(home, "", "--powershell", "--endpoint", "jea", "--tty");
        assertThat(tty.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(tty.err()).isEqualTo("openwinrm: --tty does not apply to a PowerShell endpoint\n");

        Run missing = enter(home, "echo x\n", "--powershell", "--endpoint", "nosuch");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err().strip()).startsWith("openwinrm:").doesNotContain("\n");

        Run bad = enter(home, "", "--powershell", "--endpoint", "no such");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("openwinrm: invalid endpoint name 'no such'");
    }

    @Test
    void powerShellEndpointsAreRecognisedByName() {
        assertThat(EnterCommand.isPowerShellEndpoint("Microsoft.PowerShell")).isTrue();
        assertThat(EnterCommand.isPowerShellEndpoint("microsoft.powershell")).isTrue();
        assertThat(EnterCommand.isPowerShellEndpoint("http://schemas.microsoft.com/powershell/jea")).isTrue();
        assertThat(EnterCommand.isPowerShellEndpoint("login")).isFalse();
        assertThat(EnterCommand.isPowerShellEndpoint(null)).isFalse();
        assertThat(CliTest.run(null, "enter", "--help").out()).contains("--powershell");
    }

    /** In a terminal: the remote prompt, Ctrl+C stopping {@code sleep 100} and the session going on, exit. */
    @Test
    void ctrlCStopsTheRunningPipelineNotTheSession(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tmux.available() || "1".equals(System.getenv("OPENWINRM_INTEROP_REQUIRED")),
                "tmux is not installed");
        int before = server.shellCount();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "enter", host(), "-u", server.user(), "--cert-fingerprint",
                server.certificateSha256(), "--home", dir.resolve("home").toString(), "--powershell", "--endpoint",
                "jea"));
        Path script = Tmux.script(dir, cmd, List.of(SecretReader.PASSWORD_ENV + "=" + server.password()),
                dir.resolve("exit"));
        String prompt = "[127.0.0.1]: PS>";
        try (Tmux t = new Tmux(script, 120, 40)) {
            t.waitFor("the first prompt", 60, s -> lastLine(s).equals(prompt));
            t.typeLine("echo hello");
            t.waitFor("the output", STEP_SECONDS, s -> s.contains("\nhello\n") && lastLine(s).equals(prompt));

            t.typeLine("sleep 100");
            awaitSleeping(true);
            long pressed = System.nanoTime();
            t.sendKeys("C-c");
            t.waitFor("the prompt after Ctrl-C", STEP_SECONDS, s -> lastLine(s).equals(prompt)
                    && s.contains("sleep 100"));
            assertThat(Duration.ofNanos(System.nanoTime() - pressed)).isLessThan(Duration.ofSeconds(10));
            awaitSleeping(false);
            assertThat(server.shellCount()).as("the session goes on").isEqualTo(before + 1);
            t.typeLine("echo after");
            t.waitFor("the session to answer", STEP_SECONDS, s -> s.contains("\nafter\n"));

            t.typeLine("exit");
            assertThat(Tmux.waitForExit(dir.resolve("exit"), STEP_SECONDS)).as("exit code").isZero();
        }
        assertThat(server.shellCount()).as("leaving deletes the pool").isEqualTo(before);
        assertThat(Files.readString(dir.resolve("home").resolve(EnterCommand.POWERSHELL_HISTORY_FILE)))
                .contains("sleep 100");
    }

    /** Waits until a {@code sleep 100} child of the in-process server runs (or no longer does). */
    private static void awaitSleeping(boolean running) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (STEP_SECONDS * 1e9);
        while (ProcessHandle.current().descendants().anyMatch(p -> p.info().command().orElse("").endsWith("sleep")
                && List.of(p.info().arguments().orElse(new String[0])).equals(List.of("100"))) != running) {
            assertThat(System.nanoTime()).as(running ? "sleep 100 started" : "sleep 100 was stopped")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static String lastLine(String screen) {
        String[] lines = screen.stripTrailing().split("\n");
        return lines[lines.length - 1].stripTrailing();
    }
}
