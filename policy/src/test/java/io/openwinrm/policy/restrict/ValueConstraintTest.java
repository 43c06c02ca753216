package io.openwinrm.policy.restrict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ValueConstraintTest {

    @Test
    void unconstrainedAcceptsAnything() {
        assertThat(ValueConstraint.unconstrained().isUnconstrained()).isTrue();
        assertThat(ValueConstraint.unconstrained().accepts("")).isTrue();
        assertThat(ValueConstraint.unconstrained().accepts("x;y")).isTrue();
    }

    @Test
    void aValuePassesWithinMaxLengthAndInTheSetOrMatchingAPattern() {
        ValueConstraint c = new ValueConstraint(Set.of("10"), List.of(Pattern.compile("^[a-z]+$")), OptionalInt.of(4));
        assertThat(c.accepts("10")).isTrue();
        assertThat(c.accepts("abcd")).isTrue();
        assertThat(c.accepts("abcde")).isFalse();
        assertThat(c.accepts("11")).isFalse();
        assertThat(c.explainRejection("abcde")).isEqualTo("is longer than 4 characters");
        assertThat(c.explainRejection("11")).isEqualTo("is not one of ['10'] and does not match ^[a-z]+$");
    }

    @Test
    void patternsMatchTheWholeValue() {
        ValueConstraint c = new ValueConstraint(Set.of(), List.of(Pattern.compile("[a-z]+")), OptionalInt.empty());
        assertThat(c.accepts("abc")).isTrue();
        assertThat(c.accepts("abc;id")).isFalse();
        ValueConstraint anchored = new ValueConstraint(Set.of(), List.of(Pattern.compile("^[a-z]+$")), OptionalInt.empty());
        assertThat(anchored.accepts("abc\n")).isFalse();
    }

    @Test
    void onlyMaxLengthLeavesTheValueOpen() {
        ValueConstraint c = new ValueConstraint(Set.of(), List.of(), OptionalInt.of(2));
        assertThat(c.isUnconstrained()).isFalse();
        assertThat(c.isValueOpen()).isTrue();
        assertThat(c.accepts("ab")).isTrue();
        assertThat(c.accepts("abc")).isFalse();
    }

    @Test
    void equalityComparesPatternTexts() {
        assertThat(new ValueConstraint(Set.of("a", "b"), List.of(Pattern.compile("^x$")), OptionalInt.of(3)))
                .isEqualTo(new ValueConstraint(Set.of("b", "a"), List.of(Pattern.compile("^x$")), OptionalInt.of(3)))
                .hasSameHashCodeAs(new ValueConstraint(Set.of("b", "a"), List.of(Pattern.compile("^x$")), OptionalInt.of(3)))
                .isNotEqualTo(new ValueConstraint(Set.of("a", "b"), List.of(Pattern.compile("^y$")), OptionalInt.of(3)));
    }

    @Test
    void refusesANonPositiveMaxLength() {
        assertThatThrownBy(() -> new ValueConstraint(Set.of(), List.of(), OptionalInt.of(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsValidateTheirInvariants() {
        assertThatThrownBy(() -> new FlagRule("--a=b", false, ValueConstraint.unconstrained(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains '='");
        assertThatThrownBy(() -> new FlagRule("-n", false, new ValueConstraint(Set.of("1"), List.of(), OptionalInt.empty()), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> new CommandRule(java.nio.file.Path.of("/usr/bin/../bin/sh"), List.of(), List.of(),
                List.of(), true, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'..'");
        assertThatThrownBy(() -> new CommandRule(java.nio.file.Path.of("/bin/ls"), List.of(),
                List.of(FlagRule.toggle("-l"), FlagRule.toggle("-l")), List.of(), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> new CommandRule(java.nio.file.Path.of("/bin/ls"), List.of(), List.of(),
                List.of(new PositionalRule("a", ValueConstraint.unconstrained(), false),
                        new PositionalRule("b", ValueConstraint.unconstrained(), true)), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("follows an optional one");
        CommandRule ls = new CommandRule(java.nio.file.Path.of("/bin/ls"), List.of(), List.of(), List.of(), true, false);
        assertThatThrownBy(() -> new RoleCapability("r", "", List.of(ls, ls)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declared twice");
    }
}
