package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.fragment.DefragmenterLimits;
import io.openwinrm.psrp.message.CreatePipeline;
import io.openwinrm.psrp.message.ErrorRecordMessage;
import io.openwinrm.psrp.message.HostCall;
import io.openwinrm.psrp.message.HostInfo;
import io.openwinrm.psrp.message.HostMethod;
import io.openwinrm.psrp.message.HostScope;
import io.openwinrm.psrp.message.PipelineOutput;
import io.openwinrm.psrp.message.PipelineStateMessage;
import io.openwinrm.psrp.state.PipelineEvent;
import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.psrp.state.PipelineStateMachine;
import io.openwinrm.psrp.stream.ErrorRecord;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.Sandbox;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The server side of one pipeline ([MS-PSRP] 3.2.5.3.x): its own defragmenter (CREATE_PIPELINE may span a Command
 * and Sends), its state machine (psrp's {@link PipelineStateMachine}), its input queue, the process it runs, and the
 * {@link PipelineHost} its commands write errors and host calls through. Output goes out only from the pipeline's
 * runner thread ({@link PipelineRun}), so messages of one pipeline never interleave.
 *
 * <p>Thread-safe: Sends feed it, a Signal stops it, the runner reports through it.
 */
final class RestrictedPipeline implements PipelineHost {

    private final UUID id;
    private final Sandbox sandbox;
    private final Outbox outbox;
    private final HostInfo poolHost;
    private final Defragmenter defragmenter;
    private final PipelineStateMachine state = new PipelineStateMachine();
    private volatile CreatePipeline create;
    private volatile UUID wireId;
    private volatile PipelineInputQueue input;
    private volatile boolean stopping;
    private LaunchedProcess process; // guarded by this
    private boolean runnerClaimed; // guarded by this

    RestrictedPipeline(UUID id, Sandbox sandbox, Outbox outbox, HostInfo poolHost, DefragmenterLimits limits) {
        this.id = Objects.requireNonNull(id, "id");
        this.wireId = id;
        this.sandbox = sandbox;
        this.outbox = outbox;
        this.poolHost = poolHost;
        this.defragmenter = new Defragmenter(limits);
    }

    /** The client's CommandId: what output is routed by. */
    UUID id() {
        return id;
    }

    /**
     * The PID of the pipeline's messages ([MS-PSRP] 2.2.1): the CommandId, except for a client that writes the PID
     * in another byte order than its CommandId (pypsrp before 0.4 used RFC order); the server echoes it as sent.
     */
    UUID wireId() {
        return wireId;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    /** Reassembles the client's fragments for this pipeline; throws {@code PsrpException} for bad ones. */
    synchronized List<byte[]> feed(byte[] fragments) {
        return defragmenter.feed(fragments);
    }

    boolean isCreated() {
        return create != null;
    }

    CreatePipeline create() {
        return create;
    }

    PipelineInputQueue input() {
        return input;
    }

    /**
     * CREATE_PIPELINE arrived complete: NotStarted to Running (a pipeline stopped before that stays Stopping, and its
     * runner reports Stopped at once).
     *
     * @return false if the pipeline was stopped and already reported so: no runner may start
     */
    synchronized boolean created(CreatePipeline message, UUID pid, int inputCapacity) {
        if (runnerClaimed) {
            return false;
        }
        runnerClaimed = true;
        create = message;
        wireId = pid;
        input = new PipelineInputQueue(inputCapacity, message.noInput());
        if (state.allows(PipelineEvent.START)) {
            state.fire(PipelineEvent.START);
        }
        if (stopping) {
            input.abandon();
        }
        return true;
    }

    /**
     * For a stop before CREATE_PIPELINE completed: claims the right to report the pipeline's end, which otherwise
     * belongs to its runner.
     *
     * @return true if the caller must report it (no runner will ever start)
     */
    synchronized boolean claimEndBeforeStart() {
        if (runnerClaimed) {
            return false;
        }
        runnerClaimed = true;
        return true;
    }

    /**
     * Signal {@code crtl_c}: the running program's process group is killed and pending input dropped; the runner
     * then reports Stopped ([MS-PSRP] 3.2.5.3.9). Never blocks on output.
     */
    synchronized void stop() {
        stopping = true;
        if (state.allows(PipelineEvent.STOP)) {
            state.fire(PipelineEvent.STOP);
        }
        if (input != null) {
            input.abandon();
        }
        if (process != null) {
            process.destroyGroup();
        }
    }

    /** Registers the running program; false (and the program killed) if the pipeline is already stopping. */
    synchronized boolean attach(LaunchedProcess p) {
        if (stopping) {
            p.destroyGroup();
            return false;
        }
        process = p;
        return true;
    }

    synchronized void detach() {
        process = null;
    }

    /**
     * The final PIPELINE_STATE: Stopped if a stop came (whatever the runner found), else Completed, or Failed with
     * {@code failure}. Called once, by the runner.
     *
     * @return the state reported
     */
    PipelineState finish(ErrorRecord failure) throws InterruptedException {
        PipelineState end;
        ErrorRecord reason = failure;
        synchronized (this) {
            if (state.state() == PipelineState.STOPPING || stopping && state.allows(PipelineEvent.STOP)) {
                if (state.state() != PipelineState.STOPPING) {
                    state.fire(PipelineEvent.STOP);
                }
                end = state.fire(PipelineEvent.STOPPED);
                reason = ErrorRecords.pipelineStopped();
            } else if (failure != null) {
                end = state.fire(PipelineEvent.FAIL);
            } else {
                end = state.fire(PipelineEvent.COMPLETE);
            }
        }
        outbox.toPipeline(id, wireId, reason == null ? PipelineStateMessage.of(end.wire())
                : PipelineStateMessage.withReason(end.wire(), reason));
        return end;
    }

    /** Sends one output object (runner thread only). */
    void output(PsValue value) throws InterruptedException {
        outbox.toPipeline(id, wireId, new PipelineOutput(value));
    }

    @Override
    public void error(ErrorRecord record) throws InterruptedException {
        outbox.toPipeline(id, wireId, ErrorRecordMessage.of(record));
    }

    @Override
    public void hostCall(HostMethod method, List<PsValue> parameters) throws InterruptedException {
        outbox.toPipeline(id, wireId, HostCall.of(HostScope.PIPELINE, HostCall.VOID_CALL_ID, method,
                parameters));
    }

    @Override
    public boolean hasHost() {
        return !host().isHostNull();
    }

    @Override
    public boolean hasHostUi() {
        HostInfo h = host();
        return !h.isHostNull() && !h.isHostUINull();
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    /** The pipeline's own host, or the pool's when it says {@code _useRunspaceHost} ([MS-PSRP] 2.2.3.14). */
    private HostInfo host() {
        CreatePipeline c = create;
        if (c == null) {
            return HostInfo.NULL_HOST;
        }
        return c.hostInfo().useRunspaceHost() && poolHost != null ? poolHost : c.hostInfo();
    }
}
