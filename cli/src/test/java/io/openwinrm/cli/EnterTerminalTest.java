package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openwinrm enter} in a real terminal: a child JVM (this test's class path, since the shaded jar is built
 * after the tests) inside a detached tmux session, typed at with send-keys and read with capture-pane. Skipped
 * without tmux unless OPENWINRM_INTEROP_REQUIRED=1.
 */
@Timeout(120)
class EnterTerminalTest {

    private static final Duration START = Duration.ofSeconds(30);
    private static final double STEP_SECONDS = 10;

    private static TestServer server;

    @BeforeAll
    static void start() {
        boolean required = "1".equals(System.getenv("OPENWINRM_INTEROP_REQUIRED"));
        if (!Tmux.available()) {
            if (required) {
                throw new AssertionError("tmux is missing and OPENWINRM_INTEROP_REQUIRED=1 "
                        + "(bin/run-tests installs it)");
            }
            Assumptions.abort("tmux is not installed");
        }
        server = TestServer.start(TestServer.Options.defaults().operationTimeoutCap(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Tmux enter(Path dir, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "enter", "127.0.0.1:" + server.httpsEndpoint().getPort(), "-u", server.user(),
                "--cert-fingerprint", server.certificateSha256(), "--home", dir.resolve("home").toString(),
                "--operation-timeout", "5"));
        cmd.addAll(List.of(extra));
        Path script = Tmux.script(dir, cmd, List.of(SecretReader.PASSWORD_ENV + "=" + server.password()),
                dir.resolve("exit"));
        return new Tmux(script, 120, 40);
    }

    private static String lastLine(String screen) {
        String[] lines = screen.stripTrailing().split("\n");
        return lines[lines.length - 1];
    }

    /**
     * Asks the remote terminal for its size until it is {@code expected}: the local resize reaches the server as a
     * Signal while the keys typed go as Sends, so the first answer may predate the resize.
     */
    private static void assertSize(Tmux t, int step, String expected) throws Exception {
        for (int attempt = 1; ; attempt++) {
            String marker = "size" + step + "-" + attempt + "=";
            t.typeLine("echo " + marker + "$(stty size)");
            String screen = t.waitFor(marker, STEP_SECONDS, s -> Pattern.compile("(?m)^" + marker + "\\d").matcher(s)
                    .find());
            if (screen.contains("\n" + marker + expected) || attempt == 3) {
                assertThat(screen).contains("\n" + marker + expected);
                return;
            }
        }
    }

    @Test
    void promptShowsTheDirectoryAndCtrlCInterruptsTheCommandNotTheSession(@TempDir Path dir) throws Exception {
        try (Tmux t = enter(dir)) {
            String prompt = "tester@127.0.0.1:";
            t.waitFor("the first prompt", START.toSeconds(), s -> lastLine(s).startsWith(prompt)
                    && lastLine(s).endsWith(">"));

            t.typeLine("cd /tmp");
            t.waitFor("the prompt in /tmp", STEP_SECONDS, s -> lastLine(s).equals(prompt + "/tmp>"));
            t.typeLine("echo sum-$((6*7))");
            t.waitFor("the output", STEP_SECONDS, s -> s.contains("\nsum-42\n") && lastLine(s).equals(prompt
                    + "/tmp>"));

            t.typeLine("sleep 100");
            long deadline = System.nanoTime() + (long) (STEP_SECONDS * 1e9);
            while (server.liveProcessCount() == 0) {
                assertThat(System.nanoTime()).as("sleep started").isLessThan(deadline);
                Thread.sleep(20);
            }
            long pressed = System.nanoTime();
            t.sendKeys("C-c");
            t.waitFor("the prompt after Ctrl-C", STEP_SECONDS, s -> lastLine(s).equals(prompt + "/tmp>"));
            assertThat(Duration.ofNanos(System.nanoTime() - pressed)).isLessThan(Duration.ofSeconds(10));
            assertThat(server.shellCount()).as("the session goes on").isEqualTo(1);

            t.sendKeys("-l", "half typed");
            t.waitFor("the typed text", STEP_SECONDS, s -> lastLine(s).endsWith("> half typed"));
            t.sendKeys("C-c");
            t.waitFor("a fresh prompt", STEP_SECONDS, s -> lastLine(s).equals(prompt + "/tmp>"));
            t.typeLine("echo after-$((1+1))");
            t.waitFor("Ctrl-C at the prompt cleared the line", STEP_SECONDS, s -> s.contains("\nafter-2\n")
                    && !s.contains("half typedecho"));

            t.typeLine("exit");
            assertThat(Tmux.waitForExit(dir.resolve("exit"), STEP_SECONDS)).as("exit code").isZero();
        }
        assertThat(server.shellCount()).as("leaving deletes the shell").isZero();
        assertThat(Files.readString(dir.resolve("home").resolve(EnterCommand.HISTORY_FILE))).contains("cd /tmp",
                "sleep 100");
    }

    @Test
    void ttyRunsAFullScreenProgramAndFollowsTheWindowSize(@TempDir Path dir) throws Exception {
        try (Tmux t = enter(dir, "--tty")) {
            t.waitFor("the remote shell", START.toSeconds(), s -> !s.isBlank());
            t.typeLine("echo ready-$((2+3))");
            t.waitFor("the remote shell to answer", STEP_SECONDS, s -> s.contains("\nready-5"));

            assertSize(t, 1, "40 120");
            t.resize(100, 30);
            assertSize(t, 2, "30 100");
            t.resize(120, 40);
            assertSize(t, 3, "40 120");

            Path file = dir.resolve("edited.txt");
            t.typeLine("vi " + file);
            Pattern tilde = Pattern.compile("(?m)^~\\s*$");
            // a full-height screen of empty-line markers: vi drew on a 40-row terminal
            t.waitFor("vi's screen", STEP_SECONDS, s -> tilde.matcher(s).results().count() >= 35);
            t.sendKeys("-l", "ihello from vi");
            t.sendKeys("Escape");
            t.typeLine(":wq");
            t.waitFor("the shell after vi", STEP_SECONDS, s -> tilde.matcher(s).results().count() < 5);
            t.typeLine("cat " + file + "; echo back-$((1+1))");
            t.waitFor("the remote shell again", STEP_SECONDS, s -> s.contains("\nback-2"));
            assertThat(Files.readString(file)).isEqualTo("hello from vi\n");

            t.typeLine("exit");
            assertThat(Tmux.waitForExit(dir.resolve("exit"), STEP_SECONDS)).as("exit code").isZero();
        }
        assertThat(server.shellCount()).as("the shell is deleted when the remote shell exits").isZero();
    }
}
