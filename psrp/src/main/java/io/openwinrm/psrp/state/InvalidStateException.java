package io.openwinrm.psrp.state;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An action attempted in a state that does not allow it ([MS-PSRP] 3.2.5.1: the server faults the request and,
 * for the pool, closes it). Carries the actual state, the states the action needs, and the action.
 */
public final class InvalidStateException extends PsrpException {
    private static final long serialVersionUID = 1L;

    private final transient Enum<?> actual;
    private final transient Set<Enum<?>> expected;
    private final String action;

    public InvalidStateException(String subject, Enum<?> actual, Set<? extends Enum<?>> expected, String action) {
        super(PsrpError.INVALID_STATE, "cannot " + action + ": the " + subject + " is " + actual
                + ", it must be " + expected.stream().map(Object::toString).collect(Collectors.joining(" or ")));
        this.actual = actual;
        this.expected = Set.<Enum<?>>copyOf(expected);
        this.action = action;
    }

    /** The state the object was in. */
    public Enum<?> actual() {
        return actual;
    }

    /** The states in which the action would have been allowed. */
    public Set<Enum<?>> expected() {
        return expected;
    }

    /** What was attempted, e.g. {@code "create a pipeline"}. */
    public String action() {
        return action;
    }
}
