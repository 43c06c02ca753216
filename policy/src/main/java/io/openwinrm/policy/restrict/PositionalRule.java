package io.openwinrm.policy.restrict;

import java.util.Objects;

/**
 * One positional argument of a {@link CommandRule}, matched by position after the fixed arguments and flags.
 * An argv element starting with {@code -} is never a positional (it is a flag), except after an accepted
 * {@code --}.
 *
 * @param name       label for messages and {@link CommandPolicy#describe()}, not empty
 * @param constraint what the argument may be
 * @param required   whether the argument must be present; all required positionals precede optional ones
 */
public record PositionalRule(String name, ValueConstraint constraint, boolean required) {

    public PositionalRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(constraint, "constraint");
        if (name.isBlank()) {
            throw new IllegalArgumentException("positional name is blank");
        }
    }

    /** E.g. {@code <unit> (matching ^[a-z]+$)}, optional ones in brackets. */
    String describe() {
        String text = "<" + name + "> (" + constraint.describe() + ")";
        return required ? text : "[" + text + "]";
    }
}
