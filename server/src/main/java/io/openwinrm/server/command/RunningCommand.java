package io.openwinrm.server.command;

import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.shell.CommandNotFoundException;
import io.openwinrm.server.shell.InvalidArgumentException.Parameter;
import io.openwinrm.server.shell.InvalidArgumentException;
import io.openwinrm.server.shell.InvalidStateException;
import io.openwinrm.server.shell.OperationAbortedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command of a shell and its process: output pumps feeding bounded buffers, long-poll receive, stdin and
 * signals ([MS-WSMV] 3.1.4.11–3.1.4.14). Thread-safe.
 *
 * <p>Threads: two pump threads per command (stdout, stderr), one stdin writer once input is sent, and the shared
 * scheduler for timeouts and for completing futures that were not completed by the caller's own thread; no future
 * is ever completed while a lock is held.
 *
 * <p>Instances are created and started by {@code io.openwinrm.server.shell.Shell}; everyone else obtains them from
 * {@code Shell.startCommand} or {@code Shell.command}.
 */
public final class RunningCommand {

    /** Starts the process of a command; see {@link #start(Starter)}. */
    @FunctionalInterface
    public interface Starter {
        /** @throws IOException as {@link ProcessLauncher#launch} */
        LaunchedProcess start() throws IOException;
    }

    /** Output stream names, as in {@code rsp:DesiredStream} ([MS-WSMV] 2.2.4.26). */
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";

    private static final Logger LOG = LoggerFactory.getLogger(RunningCommand.class);
    private static final CompletableFuture<SendOutcome> ACCEPTED = CompletableFuture.completedFuture(
            SendOutcome.ACCEPTED);
    /** The wait of {@link #send(byte[], boolean)}: in effect none. */
    private static final Duration UNBOUNDED_WAIT = Duration.ofDays(365);

    private final String id;
    private final CommandSpec spec;
    private final Codepage codepage;
    private final ShellLimits limits;
    private final ScheduledExecutorService scheduler;
    private final CommandListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final CommandOutput output;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ReceiveSequence<OutputBatch> receiveSequence = ReceiveSequence.ofCommands();

    // guarded by lock
    private CommandState state = CommandState.PENDING;
    private PendingReceive pending;
    private boolean terminateRequested;

    // written once by start(), before the command is visible to other threads
    private LaunchedProcess process;
    private StdinWriter stdin;

    private volatile boolean exited;
    private volatile int exitCode;

    // limits and audit facts, set by the shell before start()
    private LimitWatch limitWatch = LimitWatch.NONE;
    private volatile List<String> argv = List.of();
    private volatile long startedNanos;
    private volatile long durationNanos = -1;
    private final AtomicLong stdinBytes = new AtomicLong();

    private static final class PendingReceive {
        final CompletableFuture<OutputBatch> future;
        final boolean wantOut;
        final boolean wantErr;
        final int maxBytes;
        ScheduledFuture<?> timer;

        PendingReceive(CompletableFuture<OutputBatch> future, boolean wantOut, boolean wantErr, int maxBytes) {
            this.future = future;
            this.wantOut = wantOut;
            this.wantErr = wantErr;
            this.maxBytes = maxBytes;
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /**
     * @param id        canonical command id
     * @param codepage  the shell's codepage: output is converted to it, input from it
     * @param output    the shell's output budget: what the process wrote and no receive has taken yet is held
     *                  within it (the process pauses when it is used up)
     * @param scheduler shared; runs timeouts and completions
     * @param listener  lifecycle callbacks (the owning shell)
     */
    public RunningCommand(String id, CommandSpec spec, Codepage codepage, ShellLimits limits, OutputBudget output,
                          ScheduledExecutorService scheduler, CommandListener listener) {
        this.id = Objects.requireNonNull(id, "id");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.codepage = Objects.requireNonNull(codepage, "codepage");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.output = new CommandOutput(Objects.requireNonNull(output, "output"));
    }

    // ---- lifecycle driven by the shell ---------------------------------------------------------------------------

    /**
     * Launches the process and its pumps: PENDING → RUNNING.
     *
     * @throws IOException as thrown by the launcher; the command then stays PENDING and the caller must
     *                     {@link #abort()} it
     */
    public void start(ProcessLauncher launcher, LaunchSpec launchSpec) throws IOException {
        start(() -> launcher.launch(launchSpec));
    }

    /**
     * The endpoint's limits for this command: a deadline after which its process group is killed, and the shell's
     * sandbox whose limit events during the command turn its Done into a QuotaLimit fault. Call before start.
     */
    public void enforce(Optional<Duration> deadline, Sandbox sandbox) {
        this.limitWatch = new LimitWatch(deadline, sandbox);
    }

    /** The argument vector to report in audits (as executed on restricted endpoints, else as sent). */
    public void describeAs(List<String> value) {
        argv = List.copyOf(value);
    }

    public List<String> argv() {
        return argv;
    }

    /** Bytes of stdin accepted so far. */
    public long stdinBytes() {
        return stdinBytes.get();
    }

    /** How long the process ran, once it exited; else how long it has been running. */
    public Duration duration() {
        long d = durationNanos;
        return Duration.ofNanos(d >= 0 ? d : System.nanoTime() - startedNanos);
    }

    /** The limit the command hit, if any (see {@link #enforce}). */
    public Optional<String> limitExceeded() {
        return limitWatch.exceeded();
    }

    /** Starts whatever {@code starter} starts (a process, a pseudo-terminal session, an interpreter command). */
    public void start(Starter starter) throws IOException {
        limitWatch.starting();
        startedNanos = System.nanoTime();
        LaunchedProcess launched = starter.start();
        lock.lock();
        try {
            if (state != CommandState.PENDING) {
                launched.destroyGroup();
                throw new InvalidStateException(state, EnumSet.of(CommandState.PENDING), "start command");
            }
            process = launched;
            StreamTranscoder input = codepage.isUtf8()
                    ? null : new StreamTranscoder(codepage.charset(), StandardCharsets.UTF_8);
            stdin = new StdinWriter(launched.stdin(), input, new StdinWriter.InputBounds(limits.stdinBufferBytes(),
                    limits.maxWaitingSends(), limits.maxWaitingSendBytes()), scheduler, threadFactory("stdin"));
            transition(CommandState.RUNNING, "start command");
        } finally {
            lock.unlock();
        }
        output.start(launched, codepage, this::afterChange, (role, task) -> threadFactory(role).newThread(task));
        // terminated only after onExit has run: whoever waits for it then sees the exit (isProcessRunning false)
        CompletableFuture<Void> exitHandled = launched.onExit().thenAccept(this::onExit);
        CompletableFuture.allOf(exitHandled, output.finished())
                .whenComplete((ignored, error) -> terminated.complete(null));
        limitWatch.started(scheduler, () -> !exited && state() == CommandState.RUNNING,
                () -> process.signalGroup(ProcessSignal.KILL));
    }

    /**
     * Ends the command because its shell goes away: kills the process group, drops buffered output, aborts a pending
     * receive with {@link OperationAbortedException}. Any state → REMOVED. Idempotent.
     *
     * @return completes when the process was reaped and both pumps finished
     */
    public CompletableFuture<Void> abort() {
        PendingReceive aborted;
        lock.lock();
        try {
            if (state == CommandState.REMOVED) {
                return terminated;
            }
            transition(CommandState.REMOVED, "abort command");
            aborted = pending;
            pending = null;
        } finally {
            lock.unlock();
        }
        if (aborted != null) {
            aborted.cancelTimer();
            completeLater(() -> aborted.future.completeExceptionally(new OperationAbortedException("receive")));
        }
        output.release();
        if (process == null) {
            terminated.complete(null);
        } else {
            stdin.discard();
            process.destroyGroup();
        }
        return terminated;
    }

    /**
     * The shell was disconnected ([MS-WSMV] 3.1.4.15): a pending receive is completed at once as timed out (the
     * client polls again and then learns that the shell is disconnected); no buffered byte is consumed. With
     * {@code dropWhenFull} the output buffers discard their oldest bytes instead of pausing the process.
     */
    public void disconnected(boolean dropWhenFull) {
        PendingReceive released;
        lock.lock();
        try {
            released = pending;
            pending = null;
        } finally {
            lock.unlock();
        }
        output.dropWhenFull(dropWhenFull);
        if (released != null) {
            released.cancelTimer();
            completeLater(() -> released.future.complete(OutputBatch.timedOutBatch()));
        }
    }

    /** The shell was reconnected: full buffers pause the process again. */
    public void reconnected() {
        output.dropWhenFull(false);
    }

    /** Bytes of {@code stream} (stdout or stderr) discarded while disconnected in Drop mode. */
    public long droppedBytes(String stream) {
        return switch (stream) {
            case STDOUT -> output.droppedStdout();
            case STDERR -> output.droppedStderr();
            default -> throw new InvalidArgumentException(Parameter.STREAM, "expected stdout or stderr: " + stream);
        };
    }

    // ---- client operations ---------------------------------------------------------------------------------------

    /**
     * Long-poll receive ([MS-WSMV] 3.1.4.14). Completes as soon as output of a requested stream or the final Done is
     * available, with at most {@code maxBytes} bytes (stdout first; stderr, when it has data, is given up to half of
     * {@code maxBytes} so it is never starved), or after {@code timeout} with {@link OutputBatch#timedOutBatch()}.
     * A receive still pending is completed as timed out. The batch that reports {@code done} moves the command to
     * DELIVERED (REMOVED if a terminate was requested); bytes of a stream that was not requested are then dropped.
     *
     * <p>The returned future may already be complete; otherwise it is completed on a scheduler thread. It completes
     * exceptionally with {@link OperationAbortedException} if the shell is closed meanwhile.
     *
     * @param streams  subset of {"stdout", "stderr"}, not empty
     * @throws CommandNotFoundException  if Done was already delivered or the command is gone
     * @throws InvalidArgumentException  for an unknown stream name, {@code maxBytes < 1} or a negative timeout
     */
    public CompletableFuture<OutputBatch> receive(Set<String> streams, int maxBytes, Duration timeout) {
        if (streams.isEmpty() || !Set.of(STDOUT, STDERR).containsAll(streams)) {
            throw new InvalidArgumentException(Parameter.STREAM, "expected stdout and/or stderr, got " + streams);
        }
        if (maxBytes < 1) {
            throw new InvalidArgumentException(Parameter.MAX_BYTES, "must be positive: " + maxBytes);
        }
        if (timeout.isNegative()) {
            throw new InvalidArgumentException(Parameter.TIMEOUT, "negative: " + timeout);
        }
        CompletableFuture<OutputBatch> result = new CompletableFuture<>();
        PendingReceive wanted = new PendingReceive(result, streams.contains(STDOUT), streams.contains(STDERR),
                maxBytes);
        PendingReceive superseded;
        OutputBatch ready;
        boolean removed;
        lock.lock();
        try {
            if (state != CommandState.RUNNING && state != CommandState.DONE) {
                throw new CommandNotFoundException(id);
            }
            superseded = pending;
            pending = null;
            ready = takeBatch(wanted);
            removed = state == CommandState.REMOVED;
            if (ready == null) {
                pending = wanted;
                wanted.timer = scheduler.schedule(() -> expire(wanted), timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
        if (superseded != null) {
            superseded.cancelTimer();
            completeLater(() -> superseded.future.complete(OutputBatch.timedOutBatch()));
        }
        if (ready != null) {
            if (ready.done()) {
                notifyDelivered();
            }
            if (removed) {
                notifyRemoved(); // before the client can see Done and act on it
            }
            result.complete(ready);
        }
        return result;
    }

    /**
     * Queues input for the process's stdin ([MS-WSMV] 3.1.4.13), transcoded from the shell codepage to UTF-8.
     * {@code end} closes stdin after these bytes. Input after the process exited or after the end is discarded.
     * What a command holds is bounded ({@link ShellLimits#stdinBufferBytes()}, {@link ShellLimits#maxWaitingSends()},
     * {@link ShellLimits#maxWaitingSendBytes()}): a Send that does not fit into the stdin queue waits at most
     * {@code wait} for room.
     *
     * @return completes with {@link SendOutcome#ACCEPTED} once the bytes are in the bounded stdin queue (at once if
     *         there is room), or {@link SendOutcome#TIMED_OUT} when there was no room within {@code wait} (nothing of
     *         {@code data} was queued)
     * @throws CommandNotFoundException if the command is gone
     * @throws io.openwinrm.server.shell.QuotaExceededException with {@code Quota.WAITING_INPUT} when the command's
     *                                  waiting Sends are at their bound (nothing is queued)
     */
    public CompletableFuture<SendOutcome> send(byte[] data, boolean end, Duration wait) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(wait, "wait");
        lock.lock();
        try {
            if (state == CommandState.PENDING || state == CommandState.REMOVED) {
                throw new CommandNotFoundException(id);
            }
        } finally {
            lock.unlock();
        }
        if (exited) {
            stdinBytes.addAndGet(data.length);
            return ACCEPTED;
        }
        CompletableFuture<SendOutcome> outcome = stdin.send(id, data, end, wait);
        return outcome.thenApply(o -> {
            if (o == SendOutcome.ACCEPTED) {
                stdinBytes.addAndGet(data.length);
            }
            return o;
        });
    }

    /**
     * {@link #send(byte[], boolean, Duration)} waiting as long as it takes (in-process callers and tests).
     *
     * @return completes once the bytes are accepted into the bounded stdin queue (at once if there is room)
     */
    public CompletableFuture<Void> send(byte[] data, boolean end) {
        return send(data, end, UNBOUNDED_WAIT).thenApply(o -> null);
    }

    /** Bytes of client input the command holds: accepted but not yet written, plus those of waiting Sends. */
    public long heldInputBytes() {
        StdinWriter writer = stdin;
        return writer == null ? 0 : writer.heldBytes();
    }

    /**
     * Delivers a WinRS signal ([MS-WSMV] 3.1.4.12). TERMINATE sends SIGTERM to the process group and SIGKILL after
     * {@link ShellLimits#terminateGrace()} if the group still holds the output open; once Done is delivered the
     * command is removed — and a TERMINATE after Done was delivered removes it at once. CTRL_C sends SIGINT,
     * CTRL_BREAK SIGQUIT; both are ignored once the process has exited.
     *
     * @throws CommandNotFoundException if the command is gone
     */
    public void signal(Signal signal) {
        Objects.requireNonNull(signal, "signal");
        boolean removedNow = false;
        lock.lock();
        try {
            switch (state) {
                case PENDING, REMOVED -> throw new CommandNotFoundException(id);
                case DELIVERED -> {
                    if (signal == Signal.TERMINATE) {
                        transition(CommandState.REMOVED, "terminate");
                        removedNow = true;
                    }
                }
                case RUNNING, DONE -> terminateRequested |= signal == Signal.TERMINATE;
            }
        } finally {
            lock.unlock();
        }
        if (removedNow) {
            notifyRemoved();
            return;
        }
        if (exited) {
            return;
        }
        switch (signal) {
            case TERMINATE -> {
                process.signalGroup(ProcessSignal.TERMINATE);
                scheduler.schedule(this::killIfStillRunning, limits.terminateGrace().toNanos(), TimeUnit.NANOSECONDS);
            }
            case CTRL_C -> process.signalGroup(ProcessSignal.INTERRUPT);
            case CTRL_BREAK -> process.signalGroup(ProcessSignal.QUIT);
        }
    }

    /**
     * Resizes the command's pseudo-terminal (OpenWinRM window-size signal, see {@link WindowSize}). Ignored once
     * the process has exited.
     *
     * @throws CommandNotFoundException if the command is gone
     * @throws InvalidArgumentException if the command does not run under a terminal
     */
    public void resizeTerminal(WindowSize size) {
        Objects.requireNonNull(size, "size");
        CommandState current = state();
        if (current == CommandState.PENDING || current == CommandState.REMOVED) {
            throw new CommandNotFoundException(id);
        }
        if (exited) {
            return;
        }
        if (!process.resizeTerminal(size.columns(), size.rows())) {
            throw new InvalidArgumentException(Parameter.SIGNAL, "command " + id + " has no terminal to resize");
        }
    }

    // ---- queries -------------------------------------------------------------------------------------------------

    public String id() {
        return id;
    }

    public CommandSpec spec() {
        return spec;
    }

    public CommandState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Process id (= process group id), empty before the launch. */
    public OptionalLong pid() {
        LaunchedProcess p = process;
        return p == null ? OptionalLong.empty() : OptionalLong.of(p.pid());
    }

    /** Exit code once the process has exited. */
    public OptionalInt exitCode() {
        return exited ? OptionalInt.of(exitCode) : OptionalInt.empty();
    }

    /** Whether the process has been launched and not yet exited (counts against MaxProcessesPerShell). */
    public boolean isProcessRunning() {
        return !exited && state() != CommandState.REMOVED;
    }

    /** The numbered Receives of this command and the reply kept for a retry ([MS-WSMV] 4.7.3). */
    public ReceiveSequence<OutputBatch> receiveSequence() {
        return receiveSequence;
    }

    /** Completes when the process was reaped and both output pumps finished. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    @Override
    public String toString() {
        return "RunningCommand[" + id + ", " + state() + "]";
    }

    // ---- internals -----------------------------------------------------------------------------------------------

    private void onExit(int code) {
        durationNanos = System.nanoTime() - startedNanos;
        limitWatch.exited();
        exitCode = code;
        exited = true;
        stdin.discard();
        afterChange();
        scheduleDrainCheck();
    }

    /** Re-evaluates DONE and a pending receive after new output, an end of stream or the exit. */
    private void afterChange() {
        boolean nowDone = false;
        PendingReceive answered = null;
        OutputBatch batch = null;
        boolean removed = false;
        lock.lock();
        try {
            if (state == CommandState.RUNNING && exited && output.ended()) {
                transition(CommandState.DONE, "finish");
                nowDone = true;
            }
            if (pending != null) {
                batch = takeBatch(pending);
                if (batch != null) {
                    answered = pending;
                    pending = null;
                    removed = state == CommandState.REMOVED;
                }
            }
        } finally {
            lock.unlock();
        }
        if (nowDone) {
            safely(() -> listener.commandExited(this, exitCode, output.stdoutBytes(), output.stderrBytes()));
        }
        if (answered != null) {
            PendingReceive receive = answered;
            OutputBatch result = batch;
            receive.cancelTimer();
            if (result.done()) {
                notifyDelivered();
            }
            if (removed) {
                notifyRemoved(); // before the client can see Done and act on it
            }
            completeLater(() -> receive.future.complete(result));
        }
    }

    /** Builds the answer to {@code receive} from what is buffered, or null if there is nothing to say yet. */
    private OutputBatch takeBatch(PendingReceive receive) {
        if (state != CommandState.DONE && !output.hasData(receive.wantOut, receive.wantErr)) {
            return null;
        }
        CommandOutput.Chunk chunk = output.take(receive.wantOut, receive.wantErr, receive.maxBytes);
        boolean done = state == CommandState.DONE
                && (chunk.stdoutEnd() || !receive.wantOut) && (chunk.stderrEnd() || !receive.wantErr);
        String limit = limitWatch.exceeded().orElse(null);
        if (done && limit != null && !chunk.isEmpty()) {
            // the output first; the next receive reports the limit in place of the Done
            return new OutputBatch(chunk.stdout(), chunk.stderr(), false, false, false, OptionalInt.empty(), false);
        }
        if (done) {
            output.release();
            transition(terminateRequested ? CommandState.REMOVED : CommandState.DELIVERED, "deliver Done");
        } else if (chunk.isEmpty()) {
            return null;
        }
        return new OutputBatch(chunk.stdout(), chunk.stderr(), chunk.stdoutEnd(), chunk.stderrEnd(), done,
                done ? OptionalInt.of(exitCode) : OptionalInt.empty(), false,
                done ? Optional.ofNullable(limit) : Optional.empty());
    }

    private void expire(PendingReceive receive) {
        lock.lock();
        try {
            if (pending != receive) {
                return;
            }
            pending = null;
        } finally {
            lock.unlock();
        }
        receive.future.complete(OutputBatch.timedOutBatch());
    }

    private void killIfStillRunning() {
        if (state() == CommandState.RUNNING) {
            process.signalGroup(ProcessSignal.KILL);
        }
    }

    /**
     * After the exit, a background child may hold an output pipe open without writing: once a pump has been blocked
     * in a silent read for {@link ShellLimits#outputDrainGrace()}, its stream is treated as ended so Done can be
     * reported. A pump blocked on a full buffer (slow client) is never cut short.
     */
    private void scheduleDrainCheck() {
        if (state() != CommandState.RUNNING) {
            return;
        }
        try {
            scheduler.schedule(this::drainCheck, limits.outputDrainGrace().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException rejected) {
            LOG.debug("scheduler refused drain check of {}", id, rejected);
        }
    }

    private void drainCheck() {
        output.endSilentStreams(limits.outputDrainGrace().toNanos());
        scheduleDrainCheck();
    }

    private void transition(CommandState next, String action) {
        if (!next.predecessors().contains(state)) {
            throw new InvalidStateException(state, next.predecessors(), action);
        }
        state = next;
    }

    private void notifyDelivered() {
        safely(() -> listener.commandDelivered(this));
    }

    private void notifyRemoved() {
        safely(() -> listener.commandRemoved(this));
    }

    private void completeLater(Runnable completion) {
        try {
            scheduler.execute(completion);
        } catch (RuntimeException rejected) {
            completion.run();
        }
    }

    private ThreadFactory threadFactory(String role) {
        String name = "winrs-" + id.substring(0, Math.min(8, id.length())) + "-" + role;
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("command listener failed for {}", id, e);
        }
    }
}
