package io.openwinrm.server.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.CommandState;
import io.openwinrm.server.command.OutputBatch;
import io.openwinrm.server.command.ProcessSignal;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.command.Signal;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.testing.FakeLauncher;
import io.openwinrm.server.testing.FakeProcess;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command runtime against scripted processes on real pipes. */
class CommandRuntimeTest {

    private static final Set<String> BOTH = Set.of("stdout", "stderr");
    private static final Duration LONG = Duration.ofSeconds(10);

    private ScheduledExecutorService scheduler;
    private FakeLauncher launcher;
    private ShellManager manager;
    private Shell shell;

    @BeforeEach
    void setUp() {
        scheduler = Executors.newScheduledThreadPool(2);
        launcher = new FakeLauncher();
        manager = ShellManager.builder(launcher, scheduler)
                .limits(ShellLimits.builder()
                        .terminateGrace(Duration.ofMillis(200))
                        .outputDrainGrace(Duration.ofMillis(200))
                        .stdinBufferBytes(8192)
                        .build())
                .build();
        shell = manager.create("alice", ShellSpec.defaults());
    }

    @AfterEach
    void tearDown() {
        manager.close();
        scheduler.shutdownNow();
    }

    @Test
    void receiveTimesOutAfterTheTimeoutWithoutData() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("quiet"));
        long start = System.nanoTime();
        OutputBatch batch = command.receive(BOTH, 1000, Duration.ofMillis(300)).get(5, TimeUnit.SECONDS);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(batch.timedOut()).isTrue();
        assertThat(batch.size()).isZero();
        assertThat(batch.done()).isFalse();
        assertThat(elapsedMs).isBetween(280L, 2000L);
    }

    @Test
    void pendingReceiveCompletesAsSoonAsOutputArrives() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("talker"));
        FakeProcess process = launcher.last();
        CompletableFuture<OutputBatch> receive = command.receive(BOTH, 1000, LONG);
        Thread.sleep(50);
        assertThat(receive).isNotDone();
        long start = System.nanoTime();
        process.writeOut("hello".getBytes(StandardCharsets.UTF_8));
        OutputBatch batch = receive.get(5, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
        assertThat(new String(batch.stdout(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(batch.timedOut()).isFalse();
        assertThat(batch.done()).isFalse();
        assertThat(batch.exitCode()).isEmpty();
    }

    @Test
    void doneComesOnlyAfterExitAndEveryByteWasDelivered() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("writer"));
        FakeProcess process = launcher.last();
        byte[] payload = new byte[3000];
        Arrays.fill(payload, (byte) 'x');
        process.writeOut(payload);
        process.writeErr("oops".getBytes(StandardCharsets.UTF_8));
        process.finish(7);
        OutputBatch batch;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int batches = 0;
        do {
            batch = command.receive(BOTH, 1000, LONG).get(5, TimeUnit.SECONDS);
            out.write(batch.stdout());
            err.write(batch.stderr());
            assertThat(batch.size()).isLessThanOrEqualTo(1000);
            batches++;
            if (!batch.done()) {
                assertThat(batch.exitCode()).isEmpty();
            }
        } while (!batch.done());
        assertThat(batches).isGreaterThanOrEqualTo(4);
        assertThat(out.toByteArray()).isEqualTo(payload);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops");
        assertThat(batch.stdoutEnd()).isTrue();
        assertThat(batch.stderrEnd()).isTrue();
        assertThat(batch.exitCode()).hasValue(7);
        assertThat(command.state()).isEqualTo(CommandState.DELIVERED);
        assertThatThrownBy(() -> command.receive(BOTH, 1000, LONG)).isInstanceOf(CommandNotFoundException.class);
    }

    @Test
    void terminateAfterDoneRemovesTheCommand() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("short"));
        launcher.last().finish(0);
        OutputBatch batch = receiveUntilDone(command);
        assertThat(batch.exitCode()).hasValue(0);
        command.signal(Signal.TERMINATE);
        assertThat(command.state()).isEqualTo(CommandState.REMOVED);
        assertThat(launcher.last().signals).isEmpty();
        assertThatThrownBy(() -> shell.command(command.id())).isInstanceOf(CommandNotFoundException.class);
        assertThatThrownBy(() -> command.signal(Signal.TERMINATE)).isInstanceOf(CommandNotFoundException.class);
    }

    @Test
    void terminateWhileRunningSignalsGroupAndEscalatesToKill() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("stubborn"));
        FakeProcess process = launcher.last();
        process.ignoreTerm = true;
        command.signal(Signal.TERMINATE);
        OutputBatch batch = receiveUntilDone(command);
        assertThat(process.signals).containsExactly(ProcessSignal.TERMINATE, ProcessSignal.KILL);
        assertThat(batch.exitCode()).hasValue(137);
        assertThat(command.state()).isEqualTo(CommandState.REMOVED);
        assertThatThrownBy(() -> shell.command(command.id())).isInstanceOf(CommandNotFoundException.class);
    }

    @Test
    void ctrlCAndCtrlBreakBecomeSigintAndSigquit() {
        RunningCommand command = shell.startCommand(CommandSpec.of("loop"));
        command.signal(Signal.CTRL_C);
        command.signal(Signal.CTRL_BREAK);
        assertThat(launcher.last().signals).containsExactly(ProcessSignal.INTERRUPT, ProcessSignal.QUIT);
        assertThat(command.state()).isEqualTo(CommandState.RUNNING);
    }

    @Test
    void secondReceiveCompletesTheFirstAsTimedOut() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("quiet"));
        CompletableFuture<OutputBatch> first = command.receive(BOTH, 1000, LONG);
        CompletableFuture<OutputBatch> second = command.receive(BOTH, 1000, LONG);
        assertThat(first.get(5, TimeUnit.SECONDS).timedOut()).isTrue();
        assertThat(second).isNotDone();
        launcher.last().writeOut(new byte[] {'z'});
        assertThat(second.get(5, TimeUnit.SECONDS).stdout()).containsExactly('z');
    }

    @Test
    void stderrIsNotStarvedByAFloodOfStdout() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("both"));
        FakeProcess process = launcher.last();
        process.writeOut(new byte[50_000]);
        process.writeErr("E".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(100);
        OutputBatch batch = command.receive(BOTH, 1000, LONG).get(5, TimeUnit.SECONDS);
        if (batch.stderr().length == 0) { // stderr pump had not published yet: the next batch must carry it
            batch = command.receive(BOTH, 1000, LONG).get(5, TimeUnit.SECONDS);
        }
        assertThat(batch.stderr()).containsExactly('E');
        assertThat(batch.stdout().length).isPositive();
        assertThat(batch.size()).isLessThanOrEqualTo(1000);
    }

    @Test
    void stdinReachesTheProcessAndEndClosesIt() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("cat"));
        FakeProcess process = launcher.last();
        command.send("abc".getBytes(StandardCharsets.UTF_8), false).get(5, TimeUnit.SECONDS);
        command.send("def".getBytes(StandardCharsets.UTF_8), true).get(5, TimeUnit.SECONDS);
        assertThat(process.stdinReader().readAllBytes()).isEqualTo("abcdef".getBytes(StandardCharsets.UTF_8));
        process.finish(0);
        receiveUntilDone(command);
    }

    @Test
    void stdinIsBoundedAndAcceptedAsTheProcessReads() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("slow-reader"));
        FakeProcess process = launcher.last();
        byte[] chunk = new byte[4096];
        CompletableFuture<Void> last = null;
        int sent = 0;
        // kernel pipe (64 KiB) + writer's chunk + queue (8 KiB): far less than 1 MiB. A Send not accepted at once
        // may still be accepted a moment later while the writer thread fills the pipe: only one that stays
        // waiting shows that the bound is reached.
        while (sent < 1 << 20) {
            last = command.send(chunk, false);
            sent += chunk.length;
            if (!last.isDone() && !acceptedWithin(last, Duration.ofMillis(300))) {
                break;
            }
        }
        assertThat(last).isNotDone();
        assertThat(sent).isLessThan(256 * 1024);
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            long total = 0;
            byte[] sink = new byte[65536];
            try {
                for (int n; (n = process.stdinReader().read(sink)) >= 0; ) {
                    total += n;
                }
            } catch (java.io.IOException closed) {
                // the fake process exited
            }
            return total;
        });
        last.get(5, TimeUnit.SECONDS);
        command.send(new byte[0], true).get(5, TimeUnit.SECONDS); // closes stdin once everything is written
        assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo(sent);
    }

    private static boolean acceptedWithin(CompletableFuture<Void> send, Duration wait) throws Exception {
        try {
            send.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException stillWaiting) {
            return false;
        }
    }

    @Test
    void inputAfterExitIsDiscarded() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("gone"));
        launcher.last().finish(0);
        receiveUntilDone(command);
        assertThat(command.send("late".getBytes(StandardCharsets.UTF_8), true)).isCompleted();
    }

    @Test
    void outputHeldOpenByABackgroundChildEndsAfterTheDrainGrace() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("daemonizer"));
        FakeProcess process = launcher.last();
        process.writeOut("started".getBytes(StandardCharsets.UTF_8));
        process.exit(0); // pipes stay open, as if a background child kept them
        long start = System.nanoTime();
        OutputBatch batch = receiveUntilDone(command);
        assertThat(batch.exitCode()).hasValue(0);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 3000L);
        process.closeOutputs();
    }

    @Test
    void deletingTheShellAbortsAPendingReceiveAndKillsTheGroup() throws Exception {
        RunningCommand command = shell.startCommand(CommandSpec.of("forever"));
        CompletableFuture<OutputBatch> receive = command.receive(BOTH, 1000, LONG);
        manager.delete("alice", shell.id());
        assertThatThrownBy(() -> receive.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(OperationAbortedException.class);
        assertThat(launcher.last().signals).contains(ProcessSignal.KILL);
        command.terminated().get(5, TimeUnit.SECONDS);
        assertThat(command.state()).isEqualTo(CommandState.REMOVED);
        assertThatThrownBy(() -> command.receive(BOTH, 1000, LONG)).isInstanceOf(CommandNotFoundException.class);
        assertThatThrownBy(() -> shell.startCommand(CommandSpec.of("x")))
                .isInstanceOfSatisfying(InvalidStateException.class, e -> {
                    assertThat(e.actual()).isEqualTo(ShellState.CLOSED);
                    assertThat(e.expected()).containsExactly(ShellState.ACTIVE);
                });
    }

    @Test
    void codepage437PassesStdinAndOutputThroughByteForByte() throws Exception {
        Shell dos = manager.create("alice", ShellSpec.defaults().withCodepage(437));
        RunningCommand command = dos.startCommand(CommandSpec.of("cat"));
        FakeProcess process = launcher.last();
        byte[] e = "\u00e9\u2713".getBytes(StandardCharsets.UTF_8);
        process.writeOut(e);
        process.finish(0);
        assertThat(stdoutUntilDone(command)).isEqualTo(e);

        byte[] random = new byte[4096];
        new java.util.Random(10).nextBytes(random);
        RunningCommand input = dos.startCommand(CommandSpec.of("cat"));
        input.send(random, true).get(5, TimeUnit.SECONDS);
        assertThat(launcher.last().stdinReader().readAllBytes()).isEqualTo(random);
    }

    @Test
    void codepage437TranscodesOutputAndInputWhereTheEndpointAsks() throws Exception {
        ShellContext plain = ShellContext.unrestricted("alice");
        Shell dos = manager.create(new ShellContext(plain.endpoint().withTranscodeCodepage(true), plain.caller(),
                plain.runAs(), plain.sandbox(), plain.policy(), plain.roles(), plain.release(),
                plain.clientAddress()), ShellSpec.defaults().withCodepage(437));
        RunningCommand command = dos.startCommand(CommandSpec.of("cat"));
        FakeProcess process = launcher.last();
        byte[] e = "\u00e9".getBytes(StandardCharsets.UTF_8);
        process.writeOut(new byte[] {e[0]});
        Thread.sleep(20);
        process.writeOut(new byte[] {e[1]});
        process.finish(0);
        assertThat(stdoutUntilDone(command)).containsExactly((byte) 0x82);

        RunningCommand input = dos.startCommand(CommandSpec.of("cat"));
        input.send(new byte[] {(byte) 0x82}, true).get(5, TimeUnit.SECONDS);
        assertThat(launcher.last().stdinReader().readAllBytes()).isEqualTo(e);
    }

    private static byte[] stdoutUntilDone(RunningCommand command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputBatch batch;
        do {
            batch = command.receive(BOTH, 1000, LONG).get(5, TimeUnit.SECONDS);
            out.write(batch.stdout());
        } while (!batch.done());
        return out.toByteArray();
    }

    @Test
    void invalidReceiveArgumentsAreTyped() {
        RunningCommand command = shell.startCommand(CommandSpec.of("x"));
        assertThatThrownBy(() -> command.receive(Set.of("pr"), 10, LONG))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.parameter()).isEqualTo(InvalidArgumentException.Parameter.STREAM));
        assertThatThrownBy(() -> command.receive(BOTH, 0, LONG))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.parameter()).isEqualTo(InvalidArgumentException.Parameter.MAX_BYTES));
    }

    private static OutputBatch receiveUntilDone(RunningCommand command) throws Exception {
        OutputBatch batch;
        do {
            batch = command.receive(BOTH, 100_000, LONG).get(10, TimeUnit.SECONDS);
        } while (!batch.done());
        return batch;
    }
}
