package io.openwinrm.psrp.state;

import static io.openwinrm.psrp.state.PipelineState.COMPLETED;
import static io.openwinrm.psrp.state.PipelineState.DISCONNECTED;
import static io.openwinrm.psrp.state.PipelineState.FAILED;
import static io.openwinrm.psrp.state.PipelineState.NOT_STARTED;
import static io.openwinrm.psrp.state.PipelineState.RUNNING;
import static io.openwinrm.psrp.state.PipelineState.STOPPING;

import java.util.EnumSet;
import java.util.Set;

/**
 * What happens to a pipeline on the server ([MS-PSRP] 3.2.5.3.5 Send, 3.2.5.3.9 Signal, 3.2.5.4.x), with the states
 * each event is allowed in and the state it leads to (null: stays). Disconnected means "running with no client
 * attached": the engine may still finish it, and a reconnect resumes it.
 */
public enum PipelineEvent {
    /** CREATE_PIPELINE fully received and accepted by the engine. */
    START("start the pipeline", EnumSet.of(NOT_STARTED), RUNNING),
    /** PIPELINE_INPUT or END_OF_PIPELINE_INPUT (a queued pipeline may receive input before it runs). */
    INPUT("accept pipeline input", EnumSet.of(NOT_STARTED, RUNNING), null),
    /** PIPELINE_HOST_RESPONSE. */
    HOST_RESPONSE("accept a host response", EnumSet.of(RUNNING, STOPPING), null),
    /** Signal {@code powershell/signal/crtl_c} (or pypsrp's {@code ctrl_c}). */
    STOP("stop the pipeline", EnumSet.of(NOT_STARTED, RUNNING, DISCONNECTED), STOPPING),
    /** The engine stopped it: PIPELINE_STATE Stopped goes out. */
    STOPPED("report the pipeline stopped", EnumSet.of(STOPPING), PipelineState.STOPPED),
    /** The engine finished it: PIPELINE_STATE Completed goes out. */
    COMPLETE("complete the pipeline", EnumSet.of(RUNNING, DISCONNECTED), COMPLETED),
    /** The engine failed it (or refused it): PIPELINE_STATE Failed with the reason goes out. */
    FAIL("fail the pipeline", EnumSet.of(NOT_STARTED, RUNNING, STOPPING, DISCONNECTED), FAILED),
    /** The pool was disconnected while the pipeline ran. */
    DISCONNECT("disconnect the pipeline", EnumSet.of(NOT_STARTED, RUNNING), DISCONNECTED),
    /** A client reconnected to the pool and this pipeline. */
    RECONNECT("reconnect to the pipeline", EnumSet.of(DISCONNECTED), RUNNING);

    private final String action;
    private final Set<PipelineState> from;
    private final PipelineState to;

    PipelineEvent(String action, Set<PipelineState> from, PipelineState to) {
        this.action = action;
        this.from = from;
        this.to = to;
    }

    public String action() {
        return action;
    }

    public Set<PipelineState> allowedIn() {
        return EnumSet.copyOf(from);
    }

    /** The state after the event; null if the event does not change it. */
    public PipelineState target() {
        return to;
    }

    Set<PipelineState> from() {
        return from;
    }
}
