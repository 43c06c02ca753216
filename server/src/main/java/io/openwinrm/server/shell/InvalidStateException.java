package io.openwinrm.server.shell;

import java.util.Set;

/**
 * An operation was attempted in a lifecycle state that does not allow it (the shape of pypsrp's
 * {@code InvalidRunspacePoolStateError}). Wire: w:InvalidParameter / InternalError depending on the action.
 */
public final class InvalidStateException extends ShellException {

    private static final long serialVersionUID = 1L;

    private final Enum<?> actual;
    private final Set<Enum<?>> expected;
    private final String action;

    public InvalidStateException(Enum<?> actual, Set<? extends Enum<?>> expected, String action) {
        super("cannot " + action + " in state " + actual + ", expected one of " + expected);
        this.actual = actual;
        this.expected = Set.copyOf(expected);
        this.action = action;
    }

    /** The state the object was in. */
    public Enum<?> actual() {
        return actual;
    }

    /** The states in which {@link #action()} would have been allowed. */
    public Set<Enum<?>> expected() {
        return expected;
    }

    /** What was attempted, e.g. {@code "start command"}. */
    public String action() {
        return action;
    }
}
