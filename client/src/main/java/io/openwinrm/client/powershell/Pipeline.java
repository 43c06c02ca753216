package io.openwinrm.client.powershell;

import io.openwinrm.client.WinRmException;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.message.ApartmentState;
import io.openwinrm.psrp.message.CreatePipeline;
import io.openwinrm.psrp.message.EndOfPipelineInput;
import io.openwinrm.psrp.message.ErrorRecordMessage;
import io.openwinrm.psrp.message.HostCall;
import io.openwinrm.psrp.message.InformationRecordMessage;
import io.openwinrm.psrp.message.InformationalMessage;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.PipelineInput;
import io.openwinrm.psrp.message.PipelineOutput;
import io.openwinrm.psrp.message.PipelineStateMessage;
import io.openwinrm.psrp.message.ProgressRecordMessage;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One pipeline of a {@link RunspacePool}: a WS-Man command whose CommandId is the pipeline id ([MS-PSRP] 3.1.5.3.3).
 * Its objects and records go to its {@link PipelineListener} as they arrive, on a receiving thread of its own
 * (3.1.5.3.7); {@link #await} gives how it ended. Thread-safe.
 *
 * <p>States ({@link #state()}, 2.2.3.5): NotStarted until the Command is accepted, Running, Stopping after
 * {@link #stop()}, then the final Completed, Failed or Stopped that PIPELINE_STATE reports.
 */
public final class Pipeline {
    private final RunspacePool pool;
    private final UUID id;
    private final String commandId;
    private final PipelineRequest request;
    private final PipelineListener listener;
    private final Object sendLock = new Object();
    private final CompletableFuture<PipelineResult> done = new CompletableFuture<>();
    private final Defragmenter defragmenter = new Defragmenter();
    private volatile PipelineState state = PipelineState.NOT_STARTED;
    private volatile PipelineStateMessage finalState;
    private volatile boolean inputEnded;
    private int errorCount;
    private final ReceiveThread receiver;

    Pipeline(RunspacePool pool, UUID id, PipelineRequest request, PipelineListener listener) {
        this.pool = pool;
        this.id = id;
        this.commandId = id.toString().toUpperCase(Locale.ROOT);
        this.receiver = new ReceiveThread("psrp-pipeline-" + commandId, this::receiveLoop);
        this.request = request;
        this.listener = listener;
        this.inputEnded = request == null || !request.input();
        if (request == null) {
            state = PipelineState.RUNNING;
        }
    }

    /** The pipeline id (its PID and, in upper case, its CommandId). */
    public UUID id() {
        return id;
    }

    public PipelineState state() {
        return state;
    }

    /**
     * Sends input objects ([MS-PSRP] 2.2.2.17) to a pipeline started {@link PipelineRequest#withInput() with input}.
     *
     * @throws IllegalStateException if it takes no input or its input was ended
     */
    public void send(PsValue... objects) {
        ensureInputOpen();
        List<MessageBody> bodies = new ArrayList<>();
        for (PsValue v : objects) {
            bodies.add(new PipelineInput(Objects.requireNonNull(v, "input object")));
        }
        pool.send(StreamNames.STDIN, commandId, id, bodies, sendLock);
    }

    /** Ends the input (END_OF_PIPELINE_INPUT, 2.2.2.18); the pipeline then finishes its work. Idempotent. */
    public void endInput() {
        synchronized (sendLock) {
            if (inputEnded) {
                return;
            }
            inputEnded = true;
        }
        pool.send(StreamNames.STDIN, commandId, id, List.of(new EndOfPipelineInput()), sendLock);
    }

    /**
     * Stops the pipeline as Ctrl+C does: Signal {@code powershell/signal/crtl_c} ([MS-PSRP] 3.1.5.3.9). The server
     * answers with PIPELINE_STATE Stopped, which {@link #await} returns. Nothing happens to a finished pipeline.
     */
    public void stop() {
        if (done.isDone() || state.isFinished()) {
            return;
        }
        state = PipelineState.STOPPING;
        pool.transport().call(WsmanAction.SIGNAL, pool.resourceUri(), pool.shellId(), OptionSet.EMPTY,
                new SignalRequest(commandId, RunspacePool.STOP_SIGNAL), null);
    }

    /** How the pipeline ended, once it has. */
    public CompletableFuture<PipelineResult> completion() {
        return done.copy();
    }

    /**
     * Waits for the end; on timeout the pipeline is stopped and given 10 more seconds.
     *
     * @throws PowerShellException            if it did not end even then, or its pool failed
     * @throws RunspacePoolBrokenException     if the pool broke meanwhile
     */
    public PipelineResult await(Duration timeout) {
        try {
            return get(timeout);
        } catch (TimeoutException e) {
            try {
                stop();
            } catch (WinRmException stopFailed) {
                throw new PowerShellException("the pipeline did not end within " + timeout
                        + " and could not be stopped: " + stopFailed.getMessage(), stopFailed);
            }
            try {
                return get(Duration.ofSeconds(10));
            } catch (TimeoutException e2) {
                throw new PowerShellException("the pipeline did not end within " + timeout
                        + ", nor 10 s after it was stopped");
            }
        }
    }

    private PipelineResult get(Duration timeout) throws TimeoutException {
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PowerShellException("interrupted while waiting for the pipeline", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new PowerShellException("the pipeline failed", e.getCause());
        }
    }

    // ------------------------------------------------------------------------------------------- protocol

    String commandId() {
        return commandId;
    }

    Object sendLock() {
        return sendLock;
    }

    /**
     * Command with the first fragments of CREATE_PIPELINE in {@code rsp:Arguments}, the rest by Send
     * ([MS-PSRP] 3.1.5.3.3, 3.1.5.3.5); then the receiving starts.
     */
    void create() {
        create(true);
    }

    /** {@link #create()}, with the receiving started or not ({@link RunspacePool#startDetached}). */
    void create(boolean receive) {
        CreatePipeline create = new CreatePipeline(!request.input(), ApartmentState.UNKNOWN, 15, false,
                pool.hostInfo(), request.powerShell(), false);
        List<byte[]> payloads = pool.outbound().payloads(List.of(pool.outbound().message(create, pool.id(), id)));
        synchronized (sendLock) {
            CommandResponse r = pool.transport().call(WsmanAction.COMMAND, pool.resourceUri(), pool.shellId(),
                    OptionSet.EMPTY, new CommandRequest(commandId, "",
                            List.of(Base64.getEncoder().encodeToString(payloads.get(0)))), CommandResponse.class);
            if (r.commandId() != null && !r.commandId().equalsIgnoreCase(commandId)) {
                throw new PowerShellException("the service started command " + r.commandId() + ", not the pipeline "
                        + commandId);
            }
            state = PipelineState.RUNNING;
            if (receive) {
                startReceiving();
            }
            for (byte[] p : payloads.subList(1, payloads.size())) {
                pool.sendPayload(StreamNames.STDIN, commandId, p);
            }
        }
    }

    void startReceiving() {
        if (!done.isDone()) {
            receiver.start();
        }
    }

    void joinReceiver() {
        receiver.join();
    }

    /** The pipeline's Receives ([MS-PSRP] 3.1.5.3.7) until CommandState Done, or while its pool is connected. */
    private void receiveLoop() {
        Receiver.run(pool.transport(), pool.resourceUri(), pool.shellId(), commandId, OptionSet.EMPTY, defragmenter,
                new Receiver.Target() {
                    @Override
                    public boolean live() {
                        return !done.isDone() && pool.receiving();
                    }

                    @Override
                    public void message(PsrpMessage message) {
                        deliver(message);
                    }

                    @Override
                    public void done() {
                        finish();
                    }

                    @Override
                    public void failed(RuntimeException e) {
                        // a failing Receive of a pool being disconnected or closed is expected: it ends quietly
                        if (!(e instanceof WinRmException) || pool.receiving()) {
                            abort(failure(e));
                        }
                    }
                });
    }

    /** What a failed receiving means for the caller of {@link #await}. */
    static RuntimeException failure(RuntimeException e) {
        if (e instanceof PsrpException) {
            return new PowerShellException("the service sent invalid PSRP data for the pipeline: " + e.getMessage(),
                    e);
        }
        if (e instanceof WinRmException w) {
            return w instanceof PowerShellException ? w
                    : new PowerShellException("a Receive of the pipeline failed: " + w.getMessage(), w);
        }
        return new PowerShellException("the pipeline's listener or host failed: " + e, e);
    }

    /** One message for this pipeline, from its own Receive or (as Windows may route them) the pool's. */
    void deliver(PsrpMessage message) {
        MessageBody body = pool.codec().decode(message);
        if (body instanceof PipelineOutput o) {
            listener.output(o.value());
        } else if (body instanceof ErrorRecordMessage e) {
            synchronized (this) {
                errorCount++;
            }
            listener.error(PsError.of(e.record()));
        } else if (body instanceof InformationalMessage i) {
            listener.informational(i.informationalRecord());
        } else if (body instanceof ProgressRecordMessage p) {
            listener.progress(p.progressRecord());
        } else if (body instanceof InformationRecordMessage i) {
            listener.information(i.informationRecord());
        } else if (body instanceof HostCall call) {
            pool.answerHostCall(call, this);
        } else if (body instanceof PipelineStateMessage s) {
            PipelineState.fromWire(s.state()).ifPresent(st -> {
                if (st.isFinished()) {
                    finalState = s;
                }
                state = st;
            });
        }
    }

    /**
     * CommandState Done: the pipeline's end, with the PIPELINE_STATE that came before it. The caller learns it first;
     * the command is closed on the server afterwards, on this thread.
     */
    private void finish() {
        PipelineStateMessage s = finalState;
        pool.forget(this);
        if (s == null) {
            done.completeExceptionally(new PowerShellException("the service ended the pipeline without a "
                    + "PIPELINE_STATE"));
        } else {
            PipelineState st = PipelineState.fromWire(s.state()).orElseThrow();
            ErrorRecord reason = s.exceptionAsErrorRecord() == null ? null : s.reason().orElse(null);
            int errors;
            synchronized (this) {
                errors = errorCount;
            }
            done.complete(new PipelineResult(st, java.util.Optional.ofNullable(reason), errors));
        }
        if (pool.receiving()) {
            closeCommand();
        }
    }

    /** Signal terminate: the server may forget the finished command ([MS-PSRP] 3.1.5.3.10); best effort. */
    private void closeCommand() {
        try {
            pool.transport().call(WsmanAction.SIGNAL, pool.resourceUri(), pool.shellId(), OptionSet.EMPTY,
                    new SignalRequest(commandId, RunspacePool.TERMINATE_SIGNAL), null);
        } catch (WinRmException ignored) {
            // the pipeline's result is what matters; a service that already forgot it may refuse
        }
    }

    /** Ends the pipeline with {@code e} (its pool broke or closed, or its Receive failed). */
    void abort(RuntimeException e) {
        pool.forget(this);
        done.completeExceptionally(e);
    }

    private void ensureInputOpen() {
        if (request == null || !request.input()) {
            throw new IllegalStateException("the pipeline was started without input");
        }
        if (inputEnded) {
            throw new IllegalStateException("the pipeline's input was ended");
        }
    }
}
