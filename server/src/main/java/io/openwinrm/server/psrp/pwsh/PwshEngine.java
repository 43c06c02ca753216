package io.openwinrm.server.psrp.pwsh;

import io.openwinrm.psrp.message.MessageType;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.psrp.FragmentBoundaries;
import io.openwinrm.server.psrp.engine.EngineOutput;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.psrp.engine.RunspacePoolEngine;
import io.openwinrm.server.psrp.pwsh.OutOfProcPacket.Control;
import io.openwinrm.server.psrp.pwsh.OutOfProcPacket.Data;
import io.openwinrm.server.psrp.pwsh.OutOfProcPacket.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runspace pool served by {@code pwsh -s} ([MS-PSRP] 3.2 behind PowerShell's out-of-process transport, psrp.md
 * 5.3): client fragments go to the child as {@code Data} packets, fragment for fragment, and what it writes comes
 * back through the {@link EngineOutput} unchanged. Only fragment and message headers are read: to route, to see a
 * pipeline's final PIPELINE_STATE (then its Receive ends with Done and the child gets {@code Close}), and to send
 * host responses on the {@code PromptResponse} stream.
 *
 * <p>Every request waits for the child's acknowledgement of its packet ({@code DataAck}, {@code CommandAck},
 * {@code SignalAck}), one packet per target at a time, as PowerShell's own client does; a child that does not answer
 * within {@link #ACK_TIMEOUT} fails the request. A child that exits, closes its output, writes a line over
 * {@link #MAX_LINE} or anything that is no packet ends the engine with that reason ({@link EngineOutput#engineEnded});
 * it is then killed with its process group. Output beyond what the client has received waits in the shell's output
 * budget, which stops this reader and so the child (back-pressure).
 */
final class PwshEngine implements RunspacePoolEngine {

    private static final Logger LOG = LoggerFactory.getLogger(PwshEngine.class);

    /**
     * How long a request waits for the child's acknowledgement (PowerShell's own client waits 60 s): below the
     * usual client HTTP read timeout of 30 s, so that the client gets the fault rather than a dropped connection.
     */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(25);
    /** How long Delete waits for the child's {@code CloseAck}, and then for its exit, before killing it. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
    /** The longest line read from the child: PowerShell writes 32 KiB fragments, about 44 KB as a Data line. */
    static final int MAX_LINE = 4 << 20;
    /** The largest fragment blob accepted from the child. */
    static final int MAX_BLOB = 1 << 20;
    private static final String STOP_WRITER = "";

    private final String shellId;
    private final PoolSnapshot snapshot;
    private final AtomicBoolean opened = new AtomicBoolean();
    private final LaunchedProcess process;
    private final EngineOutput output;
    private final LinkedBlockingQueue<String> toChild = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Void>> acks = new ConcurrentHashMap<>();
    private final Map<UUID, Object> targetLocks = new ConcurrentHashMap<>();
    private final Map<UUID, PipelineWatch> pipelines = new ConcurrentHashMap<>();
    private final FragmentBoundaries poolBoundaries = new FragmentBoundaries(MAX_BLOB);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final StderrTail stderr;

    PwshEngine(UUID poolId, LaunchedProcess process, EngineOutput output) {
        this.shellId = poolId.toString().toUpperCase(java.util.Locale.ROOT);
        this.snapshot = new PoolSnapshot(poolId);
        this.process = process;
        this.output = output;
        this.stderr = new StderrTail(process.stderr());
    }

    /** Starts the reader, writer and stderr threads. */
    void start() {
        thread("out", this::readChild);
        thread("in", this::writeChild);
        stderr.start("openwinrm-pwsh-err-" + shellId);
    }

    private void thread(String role, Runnable body) {
        Thread t = new Thread(body, "openwinrm-pwsh-" + role + "-" + shellId);
        t.setDaemon(true);
        t.start();
    }

    // ---- client input --------------------------------------------------------------------------------------------

    @Override
    public void poolInput(byte[] fragments) throws PsrpEngineException {
        if (opened.compareAndSet(false, true)) {
            snapshot.clientOpened(fragments);
        }
        sendData(OutOfProcPacket.POOL, fragments);
    }

    @Override
    public void createPipeline(UUID pipelineId, byte[] fragments) throws PsrpEngineException {
        synchronized (lockOf(pipelineId)) {
            pipelines.put(pipelineId, new PipelineWatch());
            exchange(new Control(Kind.COMMAND, pipelineId), Kind.COMMAND_ACK);
        }
        sendData(pipelineId, fragments);
    }

    @Override
    public void pipelineInput(UUID pipelineId, byte[] fragments) throws PsrpEngineException {
        if (!pipelines.containsKey(pipelineId)) {
            throw new PsrpEngineException("pipeline " + pipelineId + " does not exist in this runspace pool");
        }
        sendData(pipelineId, fragments);
    }

    @Override
    public void stopPipeline(UUID pipelineId) {
        if (!pipelines.containsKey(pipelineId)) {
            return;
        }
        try {
            synchronized (lockOf(pipelineId)) {
                exchange(new Control(Kind.SIGNAL, pipelineId), Kind.SIGNAL_ACK);
            }
        } catch (PsrpEngineException e) {
            LOG.info("stopping pipeline {} of shell {}: {}", pipelineId, shellId, e.getMessage());
        }
    }

    /**
     * Connect from a new client: answered here ({@link PoolSnapshot}), pwsh keeps running and never learns of it;
     * the pool's next Receive gets RUNSPACEPOOL_STATE Opened.
     */
    @Override
    public byte[] connect(byte[] fragments) throws PsrpEngineException {
        requireRunning();
        byte[] answer = snapshot.connect(fragments);
        try {
            output.poolOutput(snapshot.opened());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PsrpEngineException("interrupted");
        }
        return answer;
    }

    @Override
    public OptionalLong processId() {
        return ended.get() || closing.get() ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    /** Host responses travel on the {@code PromptResponse} stream (WS-Man's {@code pr}). */
    private void sendData(UUID target, byte[] fragments) throws PsrpEngineException {
        OutOfProcPacket.Stream stream = OutOfProcPacket.Stream.DEFAULT;
        for (byte[] f : split(fragments)) {
            int type = FragmentBoundaries.messageTypeOfStart(f);
            if (type == MessageType.RUNSPACEPOOL_HOST_RESPONSE.code()
                    || type == MessageType.PIPELINE_HOST_RESPONSE.code()) {
                stream = OutOfProcPacket.Stream.PROMPT_RESPONSE;
            }
            if (type != -1) {
                break;
            }
        }
        synchronized (lockOf(target)) {
            send(new Data(stream, target, fragments), key(Kind.DATA_ACK, target));
        }
    }

    private static List<byte[]> split(byte[] fragments) throws PsrpEngineException {
        try {
            return FragmentBoundaries.split(fragments, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            throw new PsrpEngineException("malformed fragments: " + e.getMessage());
        }
    }

    private Object lockOf(UUID target) {
        return targetLocks.computeIfAbsent(target, t -> new Object());
    }

    private void exchange(Control packet, Kind ack) throws PsrpEngineException {
        send(packet, key(ack, packet.psGuid()));
    }

    /** Writes a packet and waits for its acknowledgement. Caller holds the target's lock. */
    private void send(OutOfProcPacket packet, String ackKey) throws PsrpEngineException {
        requireRunning();
        CompletableFuture<Void> ack = new CompletableFuture<>();
        acks.put(ackKey, ack);
        try {
            toChild.add(packet.format());
            ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PsrpEngineException("pwsh did not acknowledge " + describe(packet) + " within "
                    + ACK_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new PsrpEngineException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PsrpEngineException("interrupted while waiting for pwsh");
        } finally {
            acks.remove(ackKey, ack);
        }
    }

    private void requireRunning() throws PsrpEngineException {
        if (ended.get() || closing.get()) {
            throw new PsrpEngineException("the runspace pool is closed");
        }
    }

    private static String key(Kind kind, UUID target) {
        return kind.element() + " " + target;
    }

    private static String describe(OutOfProcPacket p) {
        return p instanceof Data d ? "Data for " + target(d.psGuid()) : ((Control) p).kind().element() + " for "
                + target(p.psGuid());
    }

    private static String target(UUID id) {
        return id.equals(OutOfProcPacket.POOL) ? "the pool" : "pipeline " + id;
    }

    // ---- the child's output --------------------------------------------------------------------------------------

    private void readChild() {
        BoundedLineReader lines = new BoundedLineReader(process.stdout(), MAX_LINE);
        String reason;
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                handle(OutOfProcPacket.parse(line));
            }
            reason = "pwsh closed its output";
        } catch (BoundedLineReader.LineTooLongException e) {
            reason = "pwsh wrote " + e.getMessage();
        } catch (OutOfProcPacket.MalformedPacketException e) {
            reason = "pwsh wrote " + e.getMessage();
        } catch (IllegalArgumentException e) {
            reason = "pwsh wrote malformed fragments: " + e.getMessage();
        } catch (IOException e) {
            reason = "reading pwsh failed: " + e.getMessage();
        } catch (InterruptedException e) {
            reason = "interrupted";
        }
        end(reason);
    }

    private void handle(OutOfProcPacket packet) throws OutOfProcPacket.MalformedPacketException,
            InterruptedException {
        if (packet instanceof Control c) {
            if (!c.kind().isAck()) {
                throw new OutOfProcPacket.MalformedPacketException("a " + c.kind().element()
                        + " packet, which only a client sends");
            }
            CompletableFuture<Void> waiting = acks.get(key(c.kind(), c.psGuid()));
            if (waiting != null) {
                waiting.complete(null);
            }
            return;
        }
        Data d = (Data) packet;
        if (d.psGuid().equals(OutOfProcPacket.POOL)) {
            List<byte[]> fragments = poolBoundaries.feed(d.data());
            fragments.forEach(snapshot::childWrote);
            byte[] whole = concat(fragments);
            if (whole.length > 0) {
                output.poolOutput(whole);
            }
            return;
        }
        PipelineWatch watch = pipelines.get(d.psGuid());
        if (watch == null) {
            LOG.debug("pwsh of shell {} wrote for unknown pipeline {}; dropped", shellId, d.psGuid());
            return;
        }
        List<byte[]> fragments = watch.boundaries.feed(d.data());
        boolean finished = false;
        for (byte[] f : fragments) {
            finished |= watch.sawFinalState(f);
        }
        byte[] whole = concat(fragments);
        if (whole.length > 0) {
            output.pipelineOutput(d.psGuid(), whole);
        }
        if (finished) {
            output.pipelineDone(d.psGuid());
            // finished: closed in the child as PowerShell's client does, and forgotten here
            if (pipelines.remove(d.psGuid()) != null) {
                targetLocks.remove(d.psGuid());
                toChild.add(new Control(Kind.CLOSE, d.psGuid()).format());
            }
        }
    }

    private static byte[] concat(List<byte[]> fragments) {
        if (fragments.size() == 1) {
            return fragments.get(0);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        fragments.forEach(all::writeBytes);
        return all.toByteArray();
    }

    private void writeChild() {
        OutputStream in = process.stdin();
        try {
            while (true) {
                String line = toChild.take();
                if (line == STOP_WRITER) {
                    break;
                }
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        } catch (IOException e) {
            end("writing to pwsh failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // the child is gone
            }
        }
    }

    /** The child ended or broke the protocol: fail waiting requests, tell the session why, kill the group. */
    private void end(String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        toChild.add(STOP_WRITER);
        if (closing.get()) {
            acks.values().forEach(a -> a.completeExceptionally(new PsrpEngineException("the runspace pool is closed")));
            process.destroyGroup();
            return;
        }
        String why = reason + exitText();
        process.destroyGroup();
        LOG.info("pwsh of shell {} ended: {}", shellId, why);
        output.engineEnded(why);
        PsrpEngineException error = new PsrpEngineException("the runspace pool ended: " + why);
        acks.values().forEach(a -> a.completeExceptionally(error));
    }

    /** ", exit code N: last stderr line" once the child has exited (waiting a moment for it). */
    private String exitText() {
        try {
            int code = process.onExit().get(1, TimeUnit.SECONDS);
            String last = stderr.lastLine();
            return " (exit code " + code + (last.isEmpty() ? "" : ": " + last) + ")";
        } catch (TimeoutException | ExecutionException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    // ---- close ---------------------------------------------------------------------------------------------------

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (!ended.get()) {
            CompletableFuture<Void> closeAck = new CompletableFuture<>();
            acks.put(key(Kind.CLOSE_ACK, OutOfProcPacket.POOL), closeAck);
            for (UUID id : List.copyOf(pipelines.keySet())) {
                if (pipelines.remove(id) != null) {
                    toChild.add(new Control(Kind.CLOSE, id).format());
                }
            }
            toChild.add(new Control(Kind.CLOSE, OutOfProcPacket.POOL).format());
            try {
                closeAck.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.debug("pwsh of shell {} did not acknowledge Close", shellId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            toChild.add(STOP_WRITER);
            try {
                process.onExit().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.debug("pwsh of shell {} did not exit after Close; killed", shellId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroyGroup();
    }

    /** What the reader tracks of one pipeline: fragment boundaries and whether its final state went by. */
    private static final class PipelineWatch {
        private final FragmentBoundaries boundaries = new FragmentBoundaries(MAX_BLOB);
        private final PipelineStates states = new PipelineStates();

        boolean sawFinalState(byte[] fragment) {
            return states.isFinal(fragment);
        }
    }
}
