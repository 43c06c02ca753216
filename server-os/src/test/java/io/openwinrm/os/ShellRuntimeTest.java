package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.OutputBatch;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.command.Signal;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.shell.ProgramNotFoundException;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellContext;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.shell.ShellNotFoundException;
import io.openwinrm.server.shell.ShellSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell runtime with real processes through {@link LocalProcessLauncher}. */
class ShellRuntimeTest {

    private static final Set<String> BOTH = Set.of("stdout", "stderr");
    private static final int ENVELOPE_SIZED = 153_600;
    private static final int MIB = 1 << 20;

    private ScheduledExecutorService scheduler;
    private ShellManager manager;
    private Shell shell;

    private record Result(byte[] stdout, byte[] stderr, int exitCode) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String err() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void setUp() {
        scheduler = Executors.newScheduledThreadPool(2);
        manager = manager(ShellLimits.builder().terminateGrace(Duration.ofMillis(500))
                .maxOutputPerShellBytes(MIB).build());
        shell = manager.create("alice", ShellSpec.defaults());
    }

    @AfterEach
    void tearDown() {
        manager.close();
        scheduler.shutdownNow();
    }

    private ShellManager manager(ShellLimits limits) {
        return ShellManager.builder(new LocalProcessLauncher(), scheduler).limits(limits).build();
    }

    @Test
    void echoesStdoutAndStderrWithTheExitCode() throws Exception {
        Result result = run(shell, CommandSpec.of("echo hello; echo oops 1>&2; exit 3"));
        assertThat(result.out()).isEqualTo("hello\n");
        assertThat(result.err()).isEqualTo("oops\n");
        assertThat(result.exitCode()).isEqualTo(3);
    }

    @Test
    void argumentsAreJoinedWithSpacesLikeCmd() throws Exception {
        assertThat(run(shell, new CommandSpec(null, "echo", List.of("a", "b  c"), false)).out()).isEqualTo("a b c\n");
    }

    @Test
    void exactExitCodes() throws Exception {
        for (int code : new int[] {0, 1, 255}) {
            assertThat(run(shell, CommandSpec.of("exit " + code)).exitCode()).isEqualTo(code);
        }
    }

    @Test
    void stdinRoundTripThroughCat() throws Exception {
        RunningCommand cat = shell.startCommand(new CommandSpec(null, "cat", List.of(), true));
        cat.send("line one\n".getBytes(StandardCharsets.UTF_8), false).get(5, TimeUnit.SECONDS);
        cat.send("line two\n".getBytes(StandardCharsets.UTF_8), true).get(5, TimeUnit.SECONDS);
        Result result = collect(cat);
        assertThat(result.out()).isEqualTo("line one\nline two\n");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void fiftyMegabytesReachASlowConsumerWithBoundedBuffering() throws Exception {
        int total = 50 * MIB;
        RunningCommand command = shell.startCommand(
                new CommandSpec(null, "head", List.of("-c", Integer.toString(total), "/dev/zero"), true));
        long pid = command.pid().orElseThrow();
        long received = 0;
        long worstBacklog = 0;
        OutputBatch batch;
        int round = 0;
        do {
            batch = command.receive(BOTH, ENVELOPE_SIZED, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            received += batch.stdout().length;
            assertThat(batch.size()).isLessThanOrEqualTo(ENVELOPE_SIZED);
            if (++round % 16 == 0) {
                Thread.sleep(2); // slow consumer
                if (ProcFs.exists(pid) && !batch.done()) {
                    try {
                        worstBacklog = Math.max(worstBacklog, ProcFs.wchar(pid) - received);
                    } catch (java.io.IOException exited) {
                        // raced with the exit
                    }
                }
            }
        } while (!batch.done());
        assertThat(received).isEqualTo(total);
        assertThat(batch.exitCode()).hasValue(0);
        // written by the child but not yet received: the shell's output budget (1 MiB) + pipe (64 KiB) + the pump's
        // read that waits for budget (64 KiB) + JDK stream buffer (8 KiB)
        assertThat(worstBacklog).isPositive().isLessThanOrEqualTo(MIB + 192 * 1024);
    }

    @Test
    void aConsumerThatReadsNothingBlocksTheProducer() throws Exception {
        RunningCommand command = shell.startCommand(
                new CommandSpec(null, "head", List.of("-c", Integer.toString(100 * MIB), "/dev/zero"), true));
        long pid = command.pid().orElseThrow();
        long previous = -1;
        long written = 0;
        for (int i = 0; i < 50 && written != previous; i++) { // until the child stops making progress
            previous = written;
            Thread.sleep(100);
            written = ProcFs.wchar(pid);
        }
        assertThat(written).isEqualTo(previous);
        assertThat(written).isBetween((long) MIB, (long) MIB + 192 * 1024); // see above
        assertThat(shell.bufferedOutputBytes()).isPositive().isLessThanOrEqualTo(MIB);
        assertThat(ProcFs.stat(pid).orElseThrow().state()).isEqualTo('S'); // blocked in write(2)
        manager.delete("alice", shell.id());
        command.terminated().get(5, TimeUnit.SECONDS);
        assertThat(ProcFs.exists(pid)).isFalse();
    }

    @Test
    void longPollTimesOutOrReturnsPromptly() throws Exception {
        RunningCommand quiet = shell.startCommand(CommandSpec.of("sleep 5"));
        long start = System.nanoTime();
        OutputBatch batch = quiet.receive(BOTH, ENVELOPE_SIZED, Duration.ofMillis(400)).get(5, TimeUnit.SECONDS);
        assertThat(batch.timedOut()).isTrue();
        assertThat(millisSince(start)).isBetween(380L, 2000L);

        RunningCommand late = shell.startCommand(CommandSpec.of("sleep 0.3; echo hi"));
        start = System.nanoTime();
        batch = late.receive(BOTH, ENVELOPE_SIZED, Duration.ofSeconds(20)).get(20, TimeUnit.SECONDS);
        assertThat(batch.timedOut()).isFalse();
        assertThat(new String(batch.stdout(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(millisSince(start)).isBetween(250L, 3000L);
    }

    @Test
    void terminateKillsTheWholeProcessTree() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("sleep 1000 & sleep 1000"));
        long pgid = command.pid().orElseThrow();
        waitUntil(() -> groupSize(pgid) >= 2);
        command.signal(Signal.TERMINATE);
        Result result = collect(command);
        assertThat(result.exitCode()).isEqualTo(143);
        waitUntil(() -> groupSize(pgid) == 0);
        assertThatThrownBy(() -> shell.command(command.id()))
                .isInstanceOf(io.openwinrm.server.shell.CommandNotFoundException.class);
    }

    @Test
    void ctrlCInterruptsTheGroup() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of(
                "trap 'echo got-int; exit 3' INT; echo ready; while :; do sleep 0.1; done"));
        OutputBatch first = command.receive(BOTH, ENVELOPE_SIZED, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(new String(first.stdout(), StandardCharsets.UTF_8)).isEqualTo("ready\n");
        command.signal(Signal.CTRL_C);
        Result result = collect(command);
        assertThat(result.out()).contains("got-int");
        assertThat(result.exitCode()).isEqualTo(3);
    }

    @Test
    void idleShellIsReclaimedWithItsProcesses() throws Exception {
        try (ShellManager quick = manager(ShellLimits.builder().minIdleTimeout(Duration.ofMillis(100)).build())) {
            Shell idle = quick.create("alice", ShellSpec.defaults().withIdleTimeout(Duration.ofMillis(300)));
            RunningCommand command = idle.startCommand(new CommandSpec(null, "sleep", List.of("1000"), true));
            long pid = command.pid().orElseThrow();
            command.terminated().get(5, TimeUnit.SECONDS);
            assertThat(ProcFs.exists(pid)).isFalse();
            assertThatThrownBy(() -> quick.get("alice", idle.id())).isInstanceOf(ShellNotFoundException.class);
        }
    }

    @Test
    void skipCmdShellWithAMissingProgram() {
        assertThatThrownBy(() -> shell.startCommand(new CommandSpec(null, "no-such-program-4711", List.of(), true)))
                .isInstanceOf(ProgramNotFoundException.class);
        assertThat(shell.commands()).isEmpty();
    }

    @Test
    void workingDirectoryAndEnvironment(@TempDir Path dir) throws Exception {
        Shell custom = manager.create("alice", ShellSpec.defaults()
                .withWorkingDirectory(dir.toString())
                .withEnvironment(Map.of("GREETING", "hi there")));
        Result result = run(custom, CommandSpec.of("pwd; echo \"$GREETING\"; env"));
        String[] lines = result.out().split("\n");
        assertThat(Path.of(lines[0]).toRealPath()).isEqualTo(dir.toRealPath());
        assertThat(lines[1]).isEqualTo("hi there");
        Set<String> names = Arrays.stream(lines).skip(2).map(l -> l.substring(0, l.indexOf('=')))
                .collect(Collectors.toSet());
        assertThat(names).contains("PATH", "LANG", "GREETING");
        // nothing of the server's own environment beyond the allowed variables (sh adds PWD and friends)
        assertThat(Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "GREETING", "PWD", "OLDPWD", "SHLVL", "_",
                "OPENWINRM_CODEPAGE"))
                .containsAll(names);
    }

    @Test
    void codepage437PassesBytesThroughAndTellsTheCommand() throws Exception {
        // issue 10, item 0: Windows hands a process's pipe bytes over unchanged whatever WINRS_CODEPAGE says
        Shell dos = manager.create("alice", ShellSpec.defaults().withCodepage(437));
        Result result = run(dos, CommandSpec.of("printf '\\303\\251 %s' \"$OPENWINRM_CODEPAGE\""));
        assertThat(result.stdout()).containsExactly(0xc3, 0xa9, ' ', '4', '3', '7');
    }

    @Test
    void codepage437TranscodesOutputWhereTheEndpointAsks() throws Exception {
        ShellContext plain = ShellContext.unrestricted("alice");
        ShellContext transcoding = new ShellContext(plain.endpoint().withTranscodeCodepage(true), plain.caller(),
                plain.runAs(), plain.sandbox(), plain.policy(), plain.roles(), plain.release(), plain.clientAddress());
        Shell dos = manager.create(transcoding, ShellSpec.defaults().withCodepage(437));
        Result result = run(dos, CommandSpec.of("printf '\\303\\251'"));
        assertThat(result.stdout()).containsExactly((byte) 0x82);
    }

    @Test
    void closeReapsEverything() throws Exception {
        RunningCommand a = shell.startCommand(CommandSpec.of("sleep 1000 & sleep 1000"));
        RunningCommand b = manager.create("bob", ShellSpec.defaults())
                .startCommand(new CommandSpec(null, "sleep", List.of("1000"), true));
        long pgidA = a.pid().orElseThrow();
        long pidB = b.pid().orElseThrow();
        waitUntil(() -> groupSize(pgidA) >= 2);
        manager.close();
        assertThat(ProcFs.exists(pidB)).isFalse();
        assertThat(ProcFs.exists(pgidA)).isFalse();
        waitUntil(() -> groupSize(pgidA) == 0); // the background sleep is re-parented, reaped by init
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static Result run(Shell target, CommandSpec spec) throws Exception {
        return collect(target.startCommand(spec));
    }

    private static Result collect(RunningCommand command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputBatch batch;
        do {
            CompletableFuture<OutputBatch> next = command.receive(BOTH, ENVELOPE_SIZED, Duration.ofSeconds(10));
            batch = next.get(15, TimeUnit.SECONDS);
            out.write(batch.stdout());
            err.write(batch.stderr());
        } while (!batch.done());
        return new Result(out.toByteArray(), err.toByteArray(), batch.exitCode().orElseThrow());
    }

    private static int groupSize(long pgid) {
        try {
            return ProcFs.groupMembers(pgid).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 5 s");
            }
            Thread.sleep(20);
        }
    }
}
