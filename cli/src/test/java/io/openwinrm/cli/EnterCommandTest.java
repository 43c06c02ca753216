package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.cli.CliTest.Run;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openwinrm enter} with no terminal (a script on standard input), in process against an in-process server's
 * login-shell resource: state persists from line to line, exit codes, {@code exit}, and the shell is deleted.
 */
@Timeout(60)
class EnterCommandTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Options.defaults().operationTimeoutCap(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** {@code enter HOST} with the password as the first line of standard input and {@code script} after it. */
    private static Run enter(Path home, String script, String... extra) {
        String[] base = {"enter", "127.0.0.1:" + server.httpsEndpoint().getPort(), "--home", home.toString(), "-u",
                server.user(), "--password-stdin", "--cert-fingerprint", server.certificateSha256(),
                "--operation-timeout", "5"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTest.run(server.password() + "\n" + script, args);
    }

    @Test
    void linesRunInOneInterpreterSoDirectoryVariablesAndFunctionsPersist(@TempDir Path home) {
        Run r = enter(home, String.join("\n",
                "cd /tmp",
                "pwd",
                "X=42",
                "echo \"x=$X\"",
                "f() { echo \"in f $1\"; }",
                "f arg",
                "echo oops 1>&2",
                "",
                "exit 3",
                "echo never") + "\n");
        assertThat(r.err()).isEqualTo("oops\n");
        assertThat(r.out()).isEqualTo("/tmp\nx=42\nin f arg\n");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(server.shellCount()).as("leaving deletes the shell").isZero();
    }

    @Test
    void endOfInputLeavesWithTheLastExitCode(@TempDir Path home) {
        Run r = enter(home, "echo a\nsh -c 'exit 7'\n");
        assertThat(r.out()).isEqualTo("a\n");
        assertThat(r.exit()).as(r.err()).isEqualTo(7);
        assertThat(server.shellCount()).isZero();

        Run bare = enter(home, "sh -c 'exit 5'\nexit\n");
        assertThat(bare.exit()).as("'exit' without a number keeps the last exit code").isEqualTo(5);
    }

    @Test
    void aLineThatEndsTheInterpreterEndsTheSession(@TempDir Path home) {
        Run r = enter(home, "echo before; exit 4\necho never\n");
        assertThat(r.out()).isEqualTo("before\n");
        assertThat(r.err()).isEqualTo("openwinrm: the remote shell has ended\n");
        assertThat(r.exit()).isEqualTo(4);
        assertThat(server.shellCount()).isZero();
    }

    @Test
    void outputKeepsItsBytesAndEachLineItsOwnStreams(@TempDir Path home) {
        Run r = enter(home, "printf 'no newline'\nprintf 'x\\0y\\n'; echo e 1>&2\necho next\n");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("no newlinex\0y\nnext\n");
        assertThat(r.err()).isEqualTo("e\n");
    }

    @Test
    void ttyNeedsATerminal(@TempDir Path home) {
        Run r = enter(home, "", "--tty");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("openwinrm: --tty needs a terminal on standard input and output\n");
    }

    @Test
    void badHostIsAUsageError(@TempDir Path home) {
        Run r = CliTest.run("", "enter", "http://[bad", "--home", home.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("openwinrm: invalid host 'http://[bad'");
    }
}
