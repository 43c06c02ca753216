package io.openwinrm.psrp.state;

import java.util.Optional;

/**
 * RunspacePool states ([MS-PSRP] 2.2.3.4) with the spec's wire values. PowerShell's .NET enum agrees for 0-5 only
 * (it has 6 Disconnecting, 7 Disconnected, 8 Connecting); servers send only Opened, Closed and Broken, so the
 * difference never reaches the wire from here.
 */
public enum RunspacePoolState {
    BEFORE_OPEN(0, "BeforeOpen"),
    OPENING(1, "Opening"),
    OPENED(2, "Opened"),
    CLOSED(3, "Closed"),
    CLOSING(4, "Closing"),
    BROKEN(5, "Broken"),
    NEGOTIATION_SENT(6, "NegotiationSent"),
    NEGOTIATION_SUCCEEDED(7, "NegotiationSucceeded"),
    CONNECTING(8, "Connecting"),
    DISCONNECTED(9, "Disconnected");

    private final int wire;
    private final String dotNetName;

    RunspacePoolState(int wire, String dotNetName) {
        this.wire = wire;
        this.dotNetName = dotNetName;
    }

    /** The value of {@code RunspaceState} in RUNSPACEPOOL_STATE. */
    public int wire() {
        return wire;
    }

    /** True for Closed and Broken: nothing happens after them. */
    public boolean isFinished() {
        return this == CLOSED || this == BROKEN;
    }

    /** The spec's state for a wire value. */
    public static Optional<RunspacePoolState> fromWire(int value) {
        for (RunspacePoolState s : values()) {
            if (s.wire == value) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return dotNetName;
    }
}
