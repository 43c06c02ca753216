package io.openwinrm.psrp.state;

/**
 * The server's view of one pipeline's state ([MS-PSRP] 2.2.3.5, 3.2.5.4). Starts in NotStarted; {@link #fire}
 * applies an event or throws {@link InvalidStateException}. Thread-safe.
 */
public final class PipelineStateMachine {
    private final GuardedState<PipelineState> state = new GuardedState<>("pipeline", PipelineState.NOT_STARTED);

    public PipelineState state() {
        return state.get();
    }

    /**
     * Applies an event.
     *
     * @return the state after the event
     * @throws InvalidStateException if the event is not allowed in the current state
     */
    public PipelineState fire(PipelineEvent event) {
        PipelineState before = state.move(event.from(), event.target(), event.action());
        return event.target() == null ? before : event.target();
    }

    /** True if the event would be allowed now (a snapshot). */
    public boolean allows(PipelineEvent event) {
        return event.from().contains(state.get());
    }
}
