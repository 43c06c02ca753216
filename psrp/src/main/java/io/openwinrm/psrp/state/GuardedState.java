package io.openwinrm.psrp.state;

import java.util.Set;

/**
 * A state variable whose every change is checked against the states an action allows. Thread-safe: transitions
 * are atomic, so two racing actions cannot both leave the same state.
 */
final class GuardedState<S extends Enum<S>> {
    private final String subject;
    private S state;

    GuardedState(String subject, S initial) {
        this.subject = subject;
        this.state = initial;
    }

    synchronized S get() {
        return state;
    }

    /**
     * Moves to {@code to} (or stays, if null) when the current state is in {@code from}.
     *
     * @return the state before the move
     */
    synchronized S move(Set<S> from, S to, String action) {
        S before = state;
        if (!from.contains(before)) {
            throw new InvalidStateException(subject, before, from, action);
        }
        if (to != null) {
            state = to;
        }
        return before;
    }
}
