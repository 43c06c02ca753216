package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.cli.CliTest.Run;
import io.openwinrm.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code session ... --powershell}: PSSessions on the native restricted engine ({@link RestrictedPowerShellServer}),
 * each step a separate CLI run with a fresh client that finds the session only through its handle under
 * {@code --home}; the output of the script started by {@code new} is collected by a separate JVM.
 */
@Timeout(120)
class PowerShellSessionTest {

    private static final Pattern GUID = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

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

    private static List<String> args(Path home, String... words) {
        List<String> a = new ArrayList<>(List.of(words));
        a.addAll(List.of("--home", home.toString(), "-u", server.user(), "--cert-fingerprint",
                server.certificateSha256()));
        return a;
    }

    private static Run session(Path home, String... words) {
        List<String> a = args(home, words);
        a.add("--password-stdin");
        int dashes = a.indexOf("--");
        if (dashes >= 0) {
            // the script words stay last
            List<String> script = new ArrayList<>(a.subList(dashes, words.length));
            a.subList(dashes, words.length).clear();
            a.addAll(script);
        }
        return CliTest.run(server.password() + "\n", a.toArray(String[]::new));
    }

    /** {@code session ...} in a JVM of its own, the password from the environment. */
    private static Run inNewProcess(Path home, String... words) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(args(home, words));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        pb.environment().put(SecretReader.PASSWORD_ENV, server.password());
        Process p = pb.start();
        try {
            byte[] err = p.getErrorStream().readAllBytes();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aScriptStartedInANewSessionIsCollectedByAnotherProcessThenTheSessionIsRemoved(@TempDir Path home)
            throws Exception {
        int before = server.shellCount();
        Run created = session(home, "session", "new", "build", "-c", host(), "--powershell", "--endpoint", "jea",
                "--", "echo", "hello");
        assertThat(created.exit()).as(created.err()).isZero();
        Matcher m = GUID.matcher(created.out());
        assertThat(m.find()).as(created.out()).isTrue();
        String poolId = m.group();
        assertThat(created.out()).startsWith("build " + poolId + "\npipeline ");
        assertThat(server.shellCount()).as("the pool stays on the server").isEqualTo(before + 1);

        Run listed = session(home, "session", "list", "--powershell", "-c", host(), "--endpoint", "jea");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).containsPattern("(?m)^" + poolId + " +Disconnected +build +1 ");
        assertThat(session(home, "session", "list", "--powershell").out()).contains("build", poolId, "PowerShell jea");

        Run received = inNewProcess(home, "session", "receive", "build");
        assertThat(received.err()).isEmpty();
        assertThat(received.out()).isEqualTo("hello\n");
        assertThat(received.exit()).isZero();

        Run again = session(home, "session", "receive", "build", "--powershell");
        assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("has no pipeline whose output is waiting");
        assertThat(session(home, "session", "list", "--powershell", "-c", host(), "--endpoint", "jea").out())
                .as("receive leaves the session disconnected").containsPattern("(?m)^" + poolId
                        + " +Disconnected +build +0 ");
        assertThat(session(home, "session", "disconnect", "build").out()).isEqualTo("disconnected build\n");

        Run removed = session(home, "session", "remove", "build");
        assertThat(removed.out()).isEqualTo("removed build\n");
        assertThat(removed.exit()).isZero();
        assertThat(server.shellCount()).as("the pool was deleted").isEqualTo(before);
        assertThat(session(home, "session", "list", "--powershell", "-c", host(), "--endpoint", "jea").out())
                .doesNotContain(poolId);
        assertThat(session(home, "session", "remove", "build").err()).contains("no session named 'build'");
    }

    @Test
    void connectWritesARefusedScriptsErrorAndExitsOne(@TempDir Path home) {
        Run created = session(home, "session", "new", "bad", "-c", host(), "--powershell", "--endpoint", "jea",
                "--", "echo", "HELLO1");
        assertThat(created.exit()).as(created.err()).isZero();
        Run connected = session(home, "session", "connect", "bad", "--powershell");
        assertThat(connected.out()).startsWith("connected bad ");
        assertThat(connected.err()).contains("does not match ^[a-z]{1,20}$ (role ops: /usr/bin/echo)")
                .contains("+ FullyQualifiedErrorId : ");
        assertThat(connected.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(session(home, "session", "remove", "bad").exit()).isZero();
    }

    /** The pool removed through a copy of the handle: the first handle's receive and remove say it is gone. */
    @Test
    void aSessionWhosePoolIsGoneSaysSo(@TempDir Path home, @TempDir Path other) throws Exception {
        Run created = session(home, "session", "new", "g", "-c", host(), "--powershell", "--endpoint", "jea", "--",
                "echo", "hello");
        assertThat(created.exit()).as(created.err()).isZero();
        java.nio.file.Files.createDirectories(other.resolve("sessions"));
        java.nio.file.Files.copy(home.resolve("sessions").resolve("g.toml"), other.resolve("sessions")
                .resolve("g.toml"));
        assertThat(session(other, "session", "remove", "g").out()).isEqualTo("removed g\n");

        Run r = session(home, "session", "receive", "g");
        assertThat(r.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(r.err()).startsWith("openwinrm: session 'g' (runspace pool ")
                .contains("no longer exists on the server").doesNotContain("\tat ");
        assertThat(r.err().strip()).doesNotContain("\n");
        assertThat(session(home, "session", "remove", "g").out())
                .isEqualTo("removed g (its runspace pool was already gone)\n");
    }

    @Test
    void sessionsWithoutAScriptAndMisuseAreOneLineErrors(@TempDir Path home) {
        Run created = session(home, "session", "new", "idle", "-c", host(), "--powershell", "--endpoint", "jea");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).doesNotContain("pipeline");

        Run run = session(home, "session", "run", "idle", "--", "echo", "x");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("openwinrm: session 'idle' is a PSSession").doesNotContain("\tat ");
        Run badId = session(home, "session", "receive", "idle", "not-a-guid");
        assertThat(badId.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badId.err()).isEqualTo("openwinrm: a pipeline id is a GUID, not 'not-a-guid'\n");
        Run script = session(home, "session", "new", "other", "-c", host(), "--", "echo", "x");
        assertThat(script.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(script.err()).contains("needs --powershell");
        assertThat(CliTest.run(null, "session", "new", "--help").out()).contains("--powershell");
        assertThat(CliTest.run(null, "session", "list", "--help").out()).contains("--powershell");
        assertThat(session(home, "session", "remove", "idle", "--powershell").out()).isEqualTo("removed idle\n");
    }
}
