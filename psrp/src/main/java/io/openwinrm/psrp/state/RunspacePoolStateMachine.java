package io.openwinrm.psrp.state;

/**
 * The server's view of one runspace pool's state ([MS-PSRP] 3.2.1.2.2). Starts in BeforeOpen; {@link #fire} applies
 * an event or throws {@link InvalidStateException}. Thread-safe.
 */
public final class RunspacePoolStateMachine {
    private final GuardedState<RunspacePoolState> state = new GuardedState<>("runspace pool",
            RunspacePoolState.BEFORE_OPEN);

    public RunspacePoolState state() {
        return state.get();
    }

    /**
     * Applies an event.
     *
     * @return the state after the event
     * @throws InvalidStateException if the event is not allowed in the current state
     */
    public RunspacePoolState fire(PoolEvent event) {
        RunspacePoolState before = state.move(event.from(), event.target(), event.action());
        return event.target() == null ? before : event.target();
    }

    /** True if the event would be allowed now (a snapshot: another thread may change the state). */
    public boolean allows(PoolEvent event) {
        return event.from().contains(state.get());
    }
}
