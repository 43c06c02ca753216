package io.openwinrm.psrp.state;

import java.util.Optional;

/** Pipeline states: PSInvocationState ([MS-PSRP] 2.2.3.5) with its wire values, as PIPELINE_STATE carries them. */
public enum PipelineState {
    NOT_STARTED(0, "NotStarted"),
    RUNNING(1, "Running"),
    STOPPING(2, "Stopping"),
    STOPPED(3, "Stopped"),
    COMPLETED(4, "Completed"),
    FAILED(5, "Failed"),
    DISCONNECTED(6, "Disconnected");

    private final int wire;
    private final String dotNetName;

    PipelineState(int wire, String dotNetName) {
        this.wire = wire;
        this.dotNetName = dotNetName;
    }

    /** The value of {@code PipelineState} in PIPELINE_STATE. */
    public int wire() {
        return wire;
    }

    /** Stopped, Completed or Failed: the states a server reports in PIPELINE_STATE before CommandState Done. */
    public boolean isFinished() {
        return this == STOPPED || this == COMPLETED || this == FAILED;
    }

    public static Optional<PipelineState> fromWire(int value) {
        return value >= 0 && value < values().length ? Optional.of(values()[value]) : Optional.empty();
    }

    @Override
    public String toString() {
        return dotNetName;
    }
}
