package io.openwinrm.policy.restrict;

import java.util.Objects;
import java.util.Optional;

/**
 * One allowed flag of a {@link CommandRule}, JEA's parameter entry (anchors.md §4.2 {@code Parameters}).
 *
 * <p>A value-taking flag takes its value from the <em>next</em> argv element only ({@code --lines 5}); the
 * joined forms {@code --lines=5} and {@code -n5} are never accepted, so the policy and the program agree on
 * what the value is. Declare as value-taking only flags whose program requires an argument (getopt
 * {@code required_argument}).
 *
 * @param name       exact spelling, starts with {@code -}, no {@code =}, not {@code --}
 * @param takesValue whether the next argv element is this flag's value
 * @param constraint what the value may be; {@link ValueConstraint#unconstrained()} for a flag without value
 * @param repeatable whether the flag may appear more than once
 */
public record FlagRule(String name, boolean takesValue, ValueConstraint constraint, boolean repeatable) {

    /**
     * @throws IllegalArgumentException if the name is malformed, or a constraint is given for a flag that takes
     *                                  no value
     */
    public FlagRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(constraint, "constraint");
        nameProblem(name).ifPresent(p -> {
            throw new IllegalArgumentException("flag " + ArgumentText.quote(name) + " " + p);
        });
        if (!takesValue && !constraint.isUnconstrained()) {
            throw new IllegalArgumentException("flag " + name + " takes no value but has a value constraint");
        }
    }

    /** A flag without value, not repeatable. */
    public static FlagRule toggle(String name) {
        return new FlagRule(name, false, ValueConstraint.unconstrained(), false);
    }

    /** Why {@code name} cannot name a flag, or empty. */
    static Optional<String> nameProblem(String name) {
        if (!name.startsWith("-")) {
            return Optional.of("does not start with '-'");
        }
        if (name.equals("-") || name.equals("--")) {
            return Optional.of("is not a flag name");
        }
        if (name.indexOf('=') >= 0) {
            return Optional.of("contains '='");
        }
        if (name.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("contains whitespace");
        }
        return ArgumentText.forbiddenCharacter(name).map(f -> "contains " + f);
    }

    /** E.g. {@code --lines VALUE (one of ['10', '50'])} or {@code --no-pager}. */
    String describe() {
        String text = takesValue ? name + " VALUE (" + constraint.describe() + ")" : name;
        return repeatable ? text + ", repeatable" : text;
    }
}
