package io.openwinrm.server.psrp;

import io.openwinrm.protocol.shell.CommandInfo;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.server.psrp.engine.EngineOutput;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.psrp.engine.RunspacePoolEngine;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellAttachment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runspace pool behind one PowerShell shell ([MS-PSRP] 3.2): its engine, the fragments waiting for the pool's
 * Receive and those of each pipeline's Receive. It is the engine's {@link EngineOutput} and the shell's attachment,
 * so that every way a shell closes (Delete, idle or run-time reclaim, server stop) closes the engine. An engine that
 * ends on its own fails pending Receives with its reason, and every later operation too, for {@link #ENDED_GRACE}
 * (or until Delete); then the shell closes ({@code CloseReason.ENGINE_ENDED}). Thread-safe.
 */
public final class PowerShellSession implements ShellAttachment, EngineOutput {

    private static final Logger LOG = LoggerFactory.getLogger(PowerShellSession.class);

    /** The largest fragment blob accepted from an engine: PowerShell writes 32 KiB fragments. */
    static final int MAX_ENGINE_BLOB = 1 << 20;
    /** Pipelines kept before those whose Done was delivered are forgotten without a terminate. */
    static final int KEPT_PIPELINES = 64;
    /** How long a shell whose engine ended stays, answering every operation with the reason, before it closes. */
    static final Duration ENDED_GRACE = Duration.ofSeconds(30);

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Shell shell;
    private final String name;
    private final Executor blocking;
    private final Consumer<PowerShellSession> endedOnItsOwn;
    private final FragmentQueue pool;
    private final Map<UUID, FragmentQueue> pipelines = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile RunspacePoolEngine engine;
    private volatile String endReason;

    /**
     * @param name          {@code rsp:Name} of the Create, or null for {@code RunspaceN}
     * @param blocking      where the engine is closed (closing may wait for {@code pwsh} to exit)
     * @param endedOnItsOwn closes the shell when the engine ended on its own; runs on {@code blocking}
     */
    PowerShellSession(Shell shell, Executor blocking, String name, Consumer<PowerShellSession> endedOnItsOwn) {
        this.shell = shell;
        this.name = name == null || name.isBlank() ? "Runspace" + NAMES.incrementAndGet() : name.strip();
        this.blocking = blocking;
        this.endedOnItsOwn = endedOnItsOwn;
        this.pool = new FragmentQueue(shell.outputBudget());
    }

    /** Sets the engine once it is open; closes it at once if the shell closed meanwhile. */
    void engine(RunspacePoolEngine value) {
        engine = value;
        if (closed.get()) {
            closeEngine(value);
        }
    }

    /**
     * The engine, for client input.
     *
     * @throws PowerShellEndedException if the engine ended (the shell is closing)
     */
    RunspacePoolEngine engine() {
        requireRunning();
        RunspacePoolEngine e = engine;
        if (e == null) {
            throw new PowerShellEndedException("the runspace pool is still being created");
        }
        return e;
    }

    Shell shell() {
        return shell;
    }

    /**
     * The session name ({@code rsp:Name}): the Create's, else {@code RunspaceN}. PowerShell's Get-PSSession skips
     * shells without one ([MS-PSRP] via {@code GetRemoteCommands}; psrp.md 1.9).
     */
    public String name() {
        return name;
    }

    FragmentQueue poolQueue() {
        return pool;
    }

    /**
     * Registers a new pipeline's output queue (before its CREATE_PIPELINE reaches the engine).
     *
     * @return false if a pipeline of that id exists
     */
    boolean addPipeline(UUID id) {
        requireRunning();
        if (pipelines.size() >= KEPT_PIPELINES) {
            // clients that never terminate a finished pipeline must not leave one entry per pipeline behind
            pipelines.entrySet().removeIf(e -> e.getValue().doneDelivered());
        }
        return pipelines.putIfAbsent(id, new FragmentQueue(shell.outputBudget())) == null;
    }

    /** The pipeline's output queue, if it exists. */
    Optional<FragmentQueue> pipeline(UUID id) {
        return Optional.ofNullable(pipelines.get(id));
    }

    /** Whether {@code id} names a pipeline of this pool. */
    boolean hasPipeline(UUID id) {
        return pipelines.containsKey(id);
    }

    /** Forgets a pipeline: its Done was delivered, or the client terminated it; its queued output is dropped. */
    void removePipeline(UUID id, RuntimeException forLaterReceives) {
        FragmentQueue q = pipelines.remove(id);
        if (q != null) {
            q.fail(forLaterReceives);
        }
    }

    /**
     * The pipelines as command enumeration items ([MS-WSMV] 3.1.4.8.2): Running, or Done until its Done was received;
     * those are left out.
     */
    public List<CommandInfo> commands() {
        List<CommandInfo> out = new ArrayList<>();
        pipelines.forEach((id, q) -> {
            if (!q.doneDelivered()) {
                out.add(new CommandInfo(PowerShellHandlers.commandId(id), q.isDone() ? CommandState.DONE
                        : CommandState.RUNNING));
            }
        });
        return out;
    }

    /** Number of pipelines not yet removed. */
    int pipelineCount() {
        return pipelines.size();
    }

    /** The engine's process (pwsh), while it runs. */
    public OptionalLong processId() {
        RunspacePoolEngine e = engine;
        return e == null || endReason != null || closed.get() ? OptionalLong.empty() : e.processId();
    }

    /** Why the engine ended on its own, if it did. */
    Optional<String> endReason() {
        return Optional.ofNullable(endReason);
    }

    private void requireRunning() {
        String reason = endReason;
        if (reason != null) {
            throw new PowerShellEndedException(reason);
        }
        if (closed.get()) {
            throw new PowerShellEndedException("the shell is closed");
        }
    }

    // ---- EngineOutput --------------------------------------------------------------------------------------------

    @Override
    public void poolOutput(byte[] fragments) throws InterruptedException {
        for (byte[] f : split(fragments)) {
            if (!pool.offer(f)) {
                return;
            }
        }
    }

    @Override
    public void pipelineOutput(UUID pipelineId, byte[] fragments) throws InterruptedException {
        FragmentQueue q = pipelines.get(pipelineId);
        if (q == null) {
            LOG.debug("output of pipeline {} of shell {} dropped: the client terminated it", pipelineId, shell.id());
            return;
        }
        for (byte[] f : split(fragments)) {
            if (!q.offer(f)) {
                return;
            }
        }
    }

    @Override
    public void pipelineDone(UUID pipelineId) {
        FragmentQueue q = pipelines.get(pipelineId);
        if (q != null) {
            q.markDone();
        }
    }

    @Override
    public void engineEnded(String reason) {
        if (closed.get() || endReason != null) {
            return;
        }
        endReason = reason;
        LOG.info("PowerShell shell {} of {} ended: {}", shell.id(), shell.owner(), reason);
        PowerShellEndedException error = new PowerShellEndedException(reason);
        pool.fail(error);
        pipelines.values().forEach(q -> q.fail(error));
        // the shell stays a while, so that the client's next operations learn why; then it closes
        CompletableFuture.delayedExecutor(ENDED_GRACE.toMillis(), TimeUnit.MILLISECONDS, blocking)
                .execute(() -> endedOnItsOwn.accept(this));
    }

    /**
     * What a client request gets for an engine's refusal: once the engine ended, the end (with its reason),
     * otherwise {@link io.openwinrm.protocol.fault.FaultKind#PSRP_INVALID_DATA} with the engine's message.
     */
    RuntimeException refusal(PsrpEngineException e) {
        String reason = endReason;
        return reason != null ? new PowerShellEndedException(reason) : PowerShellHandlers.invalid(e.getMessage());
    }

    private List<byte[]> split(byte[] fragments) {
        try {
            return FragmentBoundaries.split(fragments, MAX_ENGINE_BLOB);
        } catch (IllegalArgumentException e) {
            engineEnded("the engine wrote malformed fragments: " + e.getMessage());
            return List.of();
        }
    }

    // ---- ShellAttachment -----------------------------------------------------------------------------------------

    @Override
    public void disconnected() {
        pool.wakeReceiver();
        pipelines.values().forEach(FragmentQueue::wakeReceiver);
    }

    @Override
    public CompletableFuture<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        PowerShellEndedException error = new PowerShellEndedException(endReason != null ? endReason
                : "the shell was closed");
        pool.fail(error);
        pipelines.values().forEach(q -> q.fail(error));
        RunspacePoolEngine e = engine;
        return e == null ? CompletableFuture.completedFuture(null) : closeEngine(e);
    }

    /** Closes the engine in the background (it may wait for pwsh); inline if the executor is gone. */
    private CompletableFuture<Void> closeEngine(RunspacePoolEngine e) {
        Runnable close = () -> {
            try {
                e.close();
            } catch (RuntimeException failed) {
                LOG.warn("closing the engine of shell {} failed", shell.id(), failed);
            }
        };
        try {
            return CompletableFuture.runAsync(close, blocking);
        } catch (RuntimeException rejected) {
            close.run();
            return CompletableFuture.completedFuture(null);
        }
    }
}
