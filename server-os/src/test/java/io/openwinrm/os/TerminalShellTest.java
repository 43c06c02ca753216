package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.OutputBatch;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.command.Signal;
import io.openwinrm.server.command.TerminalSpec;
import io.openwinrm.server.command.WindowSize;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.shell.InvalidArgumentException;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.shell.ShellSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands under pseudo-terminals, with real processes. */
class TerminalShellTest {

    private static final Set<String> BOTH = Set.of("stdout", "stderr");

    private ScheduledExecutorService scheduler;
    private ShellManager manager;
    private Shell shell;

    @TempDir
    Path home;

    @BeforeEach
    void setUp() {
        scheduler = Executors.newScheduledThreadPool(2);
        manager = ShellManager.builder(new LocalProcessLauncher(), scheduler)
                .limits(ShellLimits.builder().terminateGrace(Duration.ofMillis(300)).build()).build();
        // an empty HOME: the test must not wait for whatever the server account's ~/.bashrc runs
        shell = manager.create("alice", ShellSpec.defaults().withStateful(true)
                .withEnvironment(Map.of("HOME", home.toString()))
                .withTerminal(new TerminalSpec("xterm-256color", 100, 30)));
    }

    @AfterEach
    void tearDown() {
        manager.close();
        scheduler.shutdownNow();
    }

    @Test
    void theTerminalIsTheControllingTerminalWithTheRequestedSize() throws Exception {
        LoginShellTest.Result tty = LoginShellTest.collect(shell.startCommand(CommandSpec.of("tty; stty size; "
                + "echo $TERM; echo oops >&2; exit 4")));
        assertThat(tty.out()).matches("/dev/pts/\\d+\r\n30 100\r\nxterm-256color\r\noops\r\n");
        assertThat(tty.err()).isEmpty();
        assertThat(tty.exitCode()).isEqualTo(4);
    }

    @Test
    void interactiveLoginShellEchoesRunsResizesAndInterrupts() throws Exception {
        RunningCommand login = shell.startCommand(CommandSpec.of(""));
        Screen screen = new Screen(login);
        type(login, "echo hi-$((40 + 2))\r");
        screen.await("hi-42\r\n");
        assertThat(screen.text()).contains("echo hi-$((40 + 2))"); // the terminal echoed the keystrokes

        type(login, "stty size\r");
        screen.await("30 100\r\n");
        login.resizeTerminal(new WindowSize(120, 40));
        type(login, "stty size\r");
        screen.await("40 120\r\n");

        type(login, "sleep 100\r");
        awaitSleep(login.pid().orElseThrow());
        type(login, "\u0003");
        type(login, "echo rc=$?\r");
        screen.await("rc=130\r\n");

        type(login, "sleep 100\r");
        awaitSleep(login.pid().orElseThrow());
        login.signal(Signal.CTRL_C); // the terminal's interrupt character too
        type(login, "echo again=$?\r");
        screen.await("again=130\r\n");

        type(login, "exit 5\r");
        assertThat(screen.finish()).isEqualTo(5);
    }

    @Test
    void theWindowChangeReachesTheForegroundJob() throws Exception {
        RunningCommand job = shell.startCommand(CommandSpec.of(
                "trap 'stty size; exit 0' WINCH; echo ready; while :; do sleep 0.05; done"));
        Screen screen = new Screen(job);
        screen.await("ready\r\n");
        job.resizeTerminal(new WindowSize(90, 20));
        screen.await("20 90\r\n");
        assertThat(screen.finish()).isZero();
    }

    @Test
    void deleteEndsTheWholeSession() throws Exception {
        RunningCommand login = shell.startCommand(CommandSpec.of(""));
        Screen screen = new Screen(login);
        type(login, "sleep 100 & sleep 101\r");
        long sid = login.pid().orElseThrow();
        LoginShellTest.awaitTrue(() -> ProcessTable.snapshot().sessionMembers((int) sid).size() >= 3);
        List<Integer> members = ProcessTable.snapshot().sessionMembers((int) sid);
        manager.delete("alice", shell.id());
        LoginShellTest.awaitTrue(() -> members.stream().noneMatch(TerminalShellTest::alive));
        assertThat(screen.text()).isNotNull();
    }

    @Test
    void resizeWithoutATerminalIsRefused() throws Exception {
        Shell plain = manager.create("alice", ShellSpec.defaults().withStateful(true));
        RunningCommand sleeper = plain.startCommand(CommandSpec.of("sleep 100"));
        assertThatThrownBy(() -> sleeper.resizeTerminal(new WindowSize(80, 24)))
                .isInstanceOf(InvalidArgumentException.class);
    }

    private static String describe(long sid) {
        StringBuilder text = new StringBuilder();
        for (int pid : ProcessTable.snapshot().sessionMembers((int) sid)) {
            text.append(pid).append(' ').append(comm(pid)).append(' ').append(ProcFs.stat(pid)).append(' ');
            try {
                text.append(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/wchan")));
            } catch (java.io.IOException e) {
                text.append('?');
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static boolean alive(int pid) {
        return ProcFs.stat(pid).map(s -> s.state() != 'Z').orElse(false);
    }

    /** Waits until a {@code sleep} runs in the terminal's session. */
    private static void awaitSleep(long sid) throws InterruptedException {
        LoginShellTest.awaitTrue(() -> ProcessTable.snapshot().sessionMembers((int) sid).stream()
                .anyMatch(pid -> comm(pid).equals("sleep")));
    }

    private static String comm(int pid) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Integer.toString(pid), "comm"))
                    .strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void type(RunningCommand command, String keys) throws Exception {
        command.send(keys.getBytes(StandardCharsets.UTF_8), false).get(5, TimeUnit.SECONDS);
    }

    /** Everything the terminal showed so far. */
    private static final class Screen {
        private final RunningCommand command;
        private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
        private OutputBatch last;

        Screen(RunningCommand command) {
            this.command = command;
        }

        String text() {
            return shown.toString(StandardCharsets.UTF_8);
        }

        void await(String expected) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text().contains(expected)) {
                if (System.nanoTime() > deadline || (last != null && last.done())) {
                    throw new AssertionError("never shown: " + expected + "\n--- screen:\n" + text() + "\n--- session: "
                            + describe(command.pid().orElseThrow()));
                }
                poll();
            }
        }

        int finish() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (last == null || !last.done()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no Done; screen:\n" + text());
                }
                poll();
            }
            return last.exitCode().orElseThrow();
        }

        private void poll() throws Exception {
            last = command.receive(BOTH, 150_000, Duration.ofMillis(500)).get(5, TimeUnit.SECONDS);
            shown.write(last.stdout());
            assertThat(last.stderr()).isEmpty();
        }
    }
}
