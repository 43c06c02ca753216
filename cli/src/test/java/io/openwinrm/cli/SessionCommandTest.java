package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.cli.CliTest.Run;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code openwinrm session ...} in process against an in-process server. */
@Timeout(60)
class SessionCommandTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Options.defaults().operationTimeoutCap(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs {@code session ARGS} with the test account's credentials and {@code --home home}. */
    private static Run session(Path home, String... args) {
        List<String> all = new ArrayList<>(List.of("session"));
        int dashes = Arrays.asList(args).indexOf("--");
        List<String> before = Arrays.asList(args).subList(0, dashes < 0 ? args.length : dashes);
        all.addAll(before);
        all.addAll(List.of("--home", home.toString(), "-u", server.user(), "--password-stdin", "--cert-fingerprint",
                server.certificateSha256(), "--operation-timeout", "2"));
        if (dashes >= 0) {
            all.addAll(Arrays.asList(args).subList(dashes, args.length));
        }
        return CliTest.run(server.password() + "\n", all.toArray(String[]::new));
    }

    private static String host() {
        return "127.0.0.1:" + server.httpsEndpoint().getPort();
    }

    @Test
    void startDisconnectListReceiveRemove(@TempDir Path home) throws Exception {
        Run created = session(home, "new", "job", "-c", host());
        assertThat(created.exit()).as(created.err()).isZero();
        String shellId = created.out().strip().split(" ")[1];
        Path handle = home.resolve("sessions/job.toml");
        assertThat(Files.readString(handle)).contains("shell_id = '" + shellId + "'").doesNotContain(
                server.password());
        assertThat(server.shellCount()).as("the shell outlives 'session new'").isEqualTo(1);

        Run started = session(home, "run", "job", "--no-wait", "--", "echo", "out; sleep 0.5; printf 'x\\0y'; "
                + "echo err 1>&2; exit 5");
        assertThat(started.exit()).as(started.err()).isZero();
        String commandId = started.out().strip();
        assertThat(Files.readString(handle)).contains(commandId);

        Run disconnected = session(home, "disconnect", "job", "--idle-timeout", "300", "--buffer-mode", "block");
        assertThat(disconnected.exit()).as(disconnected.err()).isZero();
        assertThat(disconnected.out()).isEqualTo("disconnected job\n");

        Run listed = session(home, "list", "-c", host());
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).containsPattern(shellId + " +Disconnected +job +" + server.user() + " +127.0.0.1 +300 ");
        Run json = session(home, "list", "-c", host(), "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).contains("\"shell_id\":\"" + shellId + "\",\"state\":\"Disconnected\",\"name\":\"job\",\"owner\":\""
                + server.user() + "\",\"client_ip\":\"127.0.0.1\",\"idle_timeout_s\":300,");

        Run running = session(home, "run", "job", "--", "true");
        assertThat(running.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(running.err()).contains("is disconnected; take it up with 'openwinrm session connect job'");

        Run received = session(home, "receive", "job");
        assertThat(received.exit()).as(received.err()).isEqualTo(5);
        assertThat(received.out()).isEqualTo("out\nx\0y");
        assertThat(received.err()).isEqualTo("err\n");
        assertThat(Files.readString(handle)).doesNotContain(commandId);

        Run again = session(home, "receive", "job", commandId);
        assertThat(again.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(again.err()).contains("command " + commandId + " is unknown to the service");

        Run local = session(home, "list");
        assertThat(local.out()).containsPattern("job +" + shellId + " +0 +https://127.0.0.1:");
        assertThat(session(home, "list", "--json").out()).startsWith("[{\"name\":\"job\",\"shell_id\":\"" + shellId
                + "\",\"endpoint\":\"https://127.0.0.1:").endsWith("\"command_ids\":[]}]\n");

        assertThat(session(home, "remove", "job").out()).isEqualTo("removed job\n");
        assertThat(handle).doesNotExist();
        assertThat(server.shellCount()).isZero();
    }

    @Test
    void runStreamsOutputAndExitCode(@TempDir Path home) {
        assertThat(session(home, "new", "s", "-c", host()).exit()).isZero();
        Run r = session(home, "run", "s", "--", "printf", "'a\\nb'; echo e 1>&2; exit 3");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("a\nb");
        assertThat(r.err()).isEqualTo("e\n");
        assertThat(session(home, "list").out()).containsPattern("s +[0-9A-F-]{36} +0 ");
        assertThat(session(home, "remove", "s").exit()).isZero();
    }

    @Test
    void connectRefusesAConnectedShellUnlessForced(@TempDir Path home) {
        assertThat(session(home, "new", "c", "-c", host()).exit()).isZero();
        Run refused = session(home, "connect", "c");
        assertThat(refused.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(refused.err()).contains("is connected to a client; disconnect it first");
        Run forced = session(home, "connect", "c", "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.out()).startsWith("connected c ");
        assertThat(session(home, "disconnect", "c").exit()).isZero();
        assertThat(session(home, "connect", "c").exit()).isZero();
        assertThat(session(home, "remove", "c").exit()).isZero();
        Run gone = session(home, "connect", "c");
        assertThat(gone.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(gone.err()).contains("no session named 'c'");
    }

    @Test
    void removeForgetsAShellThatIsAlreadyGone(@TempDir Path home) {
        assertThat(session(home, "new", "g", "-c", host()).exit()).isZero();
        server.server().shells().list(server.user()).forEach(s -> server.server().shells().delete(server.user(),
                s.id()));
        Run r = session(home, "run", "g", "--", "true");
        assertThat(r.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(r.err()).contains("no longer exists on the server");
        assertThat(session(home, "remove", "g").out()).isEqualTo("removed g (its shell was already gone)\n");
    }

    @Test
    void badNamesAndDuplicatesAreUsageErrors(@TempDir Path home) {
        Run bad = session(home, "new", "../x", "-c", host());
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("openwinrm: invalid session name '../x'");
        assertThat(session(home, "new", "d", "-c", host()).exit()).isZero();
        Run dup = session(home, "new", "d", "-c", host());
        assertThat(dup.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(dup.err()).isEqualTo("openwinrm: a session named 'd' exists already\n");
        assertThat(server.shellCount()).as("no shell is left behind by the refused duplicate").isEqualTo(1);
        Run none = session(home, "receive", "d");
        assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("has no command whose output is waiting");
        assertThat(session(home, "remove", "d").exit()).isZero();
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : List.of("new", "list", "run", "disconnect", "connect", "receive", "remove")) {
            Run r = CliTest.run(null, "session", sub, "--help");
            assertThat(r.exit()).as(sub).isZero();
            assertThat(r.out()).as(sub).startsWith("Usage: openwinrm session " + sub).contains("--home");
        }
        Run r = CliTest.run(null, "session", "--help");
        assertThat(r.out()).contains("disconnect").contains("receive");
    }
}
