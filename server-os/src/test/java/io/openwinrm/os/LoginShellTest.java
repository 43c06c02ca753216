package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.OutputBatch;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.command.Signal;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.shell.QuotaExceededException;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.shell.ShellNotFoundException;
import io.openwinrm.server.shell.ShellSpec;
import io.openwinrm.server.shell.ShellState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stateful login shell: one real interpreter per shell, every command in it. */
class LoginShellTest {

    /** The same behaviour with {@code /bin/sh} (dash on Debian) as the login shell. */
    static class WithBinSh extends LoginShellTest {
        @Override
        ProcessLauncher launcher() {
            LocalProcessLauncher local = new LocalProcessLauncher();
            return new ProcessLauncher() {
                @Override
                public io.openwinrm.server.command.LaunchedProcess launch(
                        io.openwinrm.server.command.LaunchSpec spec) throws java.io.IOException {
                    return local.launch(spec);
                }

                @Override
                public io.openwinrm.server.command.Interpreter startInterpreter(
                        io.openwinrm.server.command.LaunchSpec spec) throws java.io.IOException {
                    assertThat(spec.argv()).containsExactly("/bin/sh");
                    return local.startInterpreter(spec);
                }

                @Override
                public java.nio.file.Path loginShell(String account) {
                    return java.nio.file.Path.of("/bin/sh");
                }
            };
        }
    }

    private static final Set<String> BOTH = Set.of("stdout", "stderr");

    private ScheduledExecutorService scheduler;
    private ShellManager manager;
    private Shell shell;

    record Result(String out, String err, int exitCode) {
    }

    @BeforeEach
    void setUp() {
        scheduler = Executors.newScheduledThreadPool(2);
        manager = ShellManager.builder(launcher(), scheduler)
                .limits(ShellLimits.builder().terminateGrace(Duration.ofMillis(300)).build()).build();
        shell = manager.create("alice", ShellSpec.defaults().withStateful(true));
    }

    /** The launcher under test; its login shell for "alice" is the server user's (bash here). */
    ProcessLauncher launcher() {
        return new LocalProcessLauncher();
    }

    @AfterEach
    void tearDown() {
        manager.close();
        scheduler.shutdownNow();
    }

    @Test
    void workingDirectoryVariablesAndFunctionsPersist() throws Exception {
        assertThat(run("cd /tmp").exitCode()).isZero();
        assertThat(run("pwd").out()).isEqualTo("/tmp\n");
        run("X=1");
        assertThat(run("echo $X").out()).isEqualTo("1\n");
        run("greet() { echo \"hello $1\"; }");
        assertThat(run("greet world").out()).isEqualTo("hello world\n");
    }

    @Test
    void aliasesPersist() throws Exception {
        run("alias hi='echo aliased'");
        assertThat(run("hi").out()).isEqualTo("aliased\n");
    }

    @Test
    void boundariesAreExact() throws Exception {
        assertThat(run("printf 'no newline'; printf err >&2")).isEqualTo(new Result("no newline", "err", 0));
        assertThat(run("echo next")).isEqualTo(new Result("next\n", "", 0));
    }

    @Test
    void commandLineIsShellTextExactlyAsShC() throws Exception {
        assertThat(run("echo 'single '\\''quoted'\\''' \"$((6 * 7))\"").out()).isEqualTo("single 'quoted' 42\n");
        assertThat(run("for i in 1 2; do\n  echo line $i\ndone").out()).isEqualTo("line 1\nline 2\n");
        Result bad = run("echo \"unterminated");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).isNotEmpty();
        assertThat(run("echo still alive").out()).isEqualTo("still alive\n");
    }

    @Test
    void exitCodesPerCommand() throws Exception {
        assertThat(run("true").exitCode()).isZero();
        assertThat(run("false").exitCode()).isEqualTo(1);
        assertThat(run("(exit 7)").exitCode()).isEqualTo(7);
        assertThat(run("sh -c 'exit 7'").exitCode()).isEqualTo(7);
    }

    @Test
    void theNextCommandSeesThePreviousStatus() throws Exception {
        assertThat(run("sh -c 'exit 5'").exitCode()).isEqualTo(5);
        assertThat(run("echo \"previous=$?\"").out()).isEqualTo("previous=5\n");
        assertThat(run("false").exitCode()).isEqualTo(1);
        assertThat(run("echo $?").out()).isEqualTo("1\n");
    }

    @Test
    void stdinBelongsToOneCommand() throws Exception {
        RunningCommand cat = shell.startCommand(CommandSpec.of("cat"));
        cat.send("typed\n".getBytes(StandardCharsets.UTF_8), false).get(5, TimeUnit.SECONDS);
        cat.send("end\n".getBytes(StandardCharsets.UTF_8), true).get(5, TimeUnit.SECONDS);
        assertThat(collect(cat)).isEqualTo(new Result("typed\nend\n", "", 0));
        // the interpreter did not read the input above, and the next command has its own stdin
        assertThat(run("echo after").out()).isEqualTo("after\n");
        RunningCommand read = shell.startCommand(CommandSpec.of("read a; read b; echo \"rc=$? [$a] [$b]\""));
        read.send("own\n".getBytes(StandardCharsets.UTF_8), true).get(5, TimeUnit.SECONDS);
        assertThat(collect(read).out()).isEqualTo("rc=1 [own] []\n");
    }

    @Test
    void skipCmdShellQuotesTheArgumentsExactly() throws Exception {
        Result result = collect(shell.startCommand(new CommandSpec(null, "printf", List.of("[%s]", "a b", "it's"),
                true)));
        assertThat(result.out()).isEqualTo("[a b][it's]");
    }

    @Test
    void oneCommandAtATime() throws Exception {
        RunningCommand sleeper = shell.startCommand(CommandSpec.of("sleep 100"));
        assertThatThrownBy(() -> shell.startCommand(CommandSpec.of("echo no")))
                .isInstanceOf(QuotaExceededException.class);
        sleeper.signal(Signal.TERMINATE);
        assertThat(collect(sleeper).exitCode()).isEqualTo(143);
        assertThat(run("echo yes").out()).isEqualTo("yes\n");
    }

    @Test
    void ctrlCInterruptsTheCommandButNotTheInterpreter() throws Exception {
        run("MARK=kept");
        RunningCommand sleeper = shell.startCommand(CommandSpec.of("sleep 100"));
        awaitTrue(() -> !ProcessTable.snapshot().descendants((int) sleeper.pid().orElseThrow()).isEmpty());
        long started = System.nanoTime();
        sleeper.signal(Signal.CTRL_C);
        Result result = collect(sleeper);
        assertThat(result.exitCode()).isEqualTo(130);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(run("echo $MARK").out()).isEqualTo("kept\n");
    }

    @Test
    void terminateKillsAChildThatIgnoresSigterm() throws Exception {
        RunningCommand stubborn = shell.startCommand(CommandSpec.of("sh -c 'trap \"\" TERM; sleep 100'"));
        long interpreter = stubborn.pid().orElseThrow();
        awaitTrue(() -> ProcessTable.snapshot().descendants((int) interpreter).size() >= 2);
        stubborn.signal(Signal.TERMINATE);
        assertThat(collect(stubborn).exitCode()).isEqualTo(137);
        assertThat(ProcFs.exists(interpreter)).isTrue();
        assertThat(run("echo survived").out()).isEqualTo("survived\n");
    }

    @Test
    void exitEndsTheShellAfterItsDone() throws Exception {
        RunningCommand exit = shell.startCommand(CommandSpec.of("echo bye; exit 3"));
        long interpreter = exit.pid().orElseThrow();
        assertThat(collect(exit)).isEqualTo(new Result("bye\n", "", 3));
        awaitTrue(() -> shell.state() == ShellState.CLOSED);
        assertThatThrownBy(() -> manager.get("alice", shell.id())).isInstanceOf(ShellNotFoundException.class);
        awaitTrue(() -> !ProcFs.exists(interpreter) || ProcFs.stat(interpreter).orElseThrow().state() == 'Z');
    }

    @Test
    void deleteKillsTheInterpreterAndItsChildren() throws Exception {
        RunningCommand sleeper = shell.startCommand(CommandSpec.of("sleep 100"));
        int interpreter = (int) sleeper.pid().orElseThrow();
        awaitTrue(() -> !ProcessTable.snapshot().descendants(interpreter).isEmpty());
        List<Integer> children = ProcessTable.snapshot().descendants(interpreter);
        manager.delete("alice", shell.id());
        awaitTrue(() -> !ProcFs.exists(interpreter) && children.stream().noneMatch(ProcFs::exists));
    }

    private Result run(String commandLine) throws Exception {
        return collect(shell.startCommand(CommandSpec.of(commandLine)));
    }

    static Result collect(RunningCommand command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputBatch batch;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        do {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no Done within 20 s");
            }
            CompletableFuture<OutputBatch> next = command.receive(BOTH, 150_000, Duration.ofSeconds(5));
            batch = next.get(10, TimeUnit.SECONDS);
            out.write(batch.stdout());
            err.write(batch.stderr());
        } while (!batch.done());
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                batch.exitCode().orElseThrow());
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 5 s");
            }
            Thread.sleep(20);
        }
    }
}
