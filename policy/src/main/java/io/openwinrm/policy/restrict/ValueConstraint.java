package io.openwinrm.policy.restrict;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What values one flag value or positional argument may take: JEA's {@code ValidateSet} ({@code values}),
 * {@code ValidatePattern} ({@code patterns}) and a maximum length (anchors.md §4.2, §4.3).
 *
 * <p>A value passes when it is at most {@code maxLength} long and either no values and no patterns are given, or
 * it is one of {@code values}, or it matches one of {@code patterns} <em>in full</em> ({@link
 * java.util.regex.Matcher#matches()}, so an unanchored pattern cannot match a substring). A constraint with
 * nothing set is unconstrained. Two constraints are equal when their values, pattern texts and flags and
 * maximum length are, which is what merge rule 2 ("identical constraints stay as they are") compares.
 *
 * @param values    allowed values, compared exactly (case-sensitive); never null, stored sorted
 * @param patterns  regular expressions, any of which admits a value; never null
 * @param maxLength longest allowed value in UTF-16 code units, positive; empty for no limit beyond the global one
 */
public record ValueConstraint(Set<String> values, List<Pattern> patterns, OptionalInt maxLength) {

    private static final ValueConstraint UNCONSTRAINED = new ValueConstraint(Set.of(), List.of(), OptionalInt.empty());

    /**
     * Copies the collections.
     *
     * @throws IllegalArgumentException if {@code maxLength} is not positive
     */
    public ValueConstraint {
        values = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(values, "values")));
        patterns = List.copyOf(patterns);
        Objects.requireNonNull(maxLength, "maxLength");
        if (maxLength.isPresent() && maxLength.getAsInt() < 1) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength.getAsInt());
        }
    }

    /** The constraint every value passes. */
    public static ValueConstraint unconstrained() {
        return UNCONSTRAINED;
    }

    /** Whether no values, no patterns and no maximum length are set. */
    public boolean isUnconstrained() {
        return values.isEmpty() && patterns.isEmpty() && maxLength.isEmpty();
    }

    /** Whether the value part is open: no {@code ValidateSet} and no {@code ValidatePattern}. */
    public boolean isValueOpen() {
        return values.isEmpty() && patterns.isEmpty();
    }

    /**
     * Whether {@code value} passes.
     *
     * @param value never null
     */
    public boolean accepts(String value) {
        if (maxLength.isPresent() && value.length() > maxLength.getAsInt()) {
            return false;
        }
        if (isValueOpen() || values.contains(value)) {
            return true;
        }
        return patterns.stream().anyMatch(p -> p.matcher(value).matches());
    }

    /**
     * Why {@code value} fails, as the end of a reason sentence, e.g. {@code "does not match ^[0-9]+$"}; empty
     * string if it passes.
     */
    String explainRejection(String value) {
        if (maxLength.isPresent() && value.length() > maxLength.getAsInt()) {
            return "is longer than " + maxLength.getAsInt() + " characters";
        }
        if (accepts(value)) {
            return "";
        }
        if (values.isEmpty()) {
            return "does not match " + patternTexts();
        }
        if (patterns.isEmpty()) {
            return "is not one of " + valueTexts();
        }
        return "is not one of " + valueTexts() + " and does not match " + patternTexts();
    }

    /** Human-readable summary, e.g. {@code one of [10, 50]; max length 3}; {@code any value} if unconstrained. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (!values.isEmpty()) {
            sb.append("one of ").append(valueTexts());
        }
        if (!patterns.isEmpty()) {
            sb.append(sb.length() > 0 ? " or " : "").append("matching ").append(patternTexts());
        }
        if (maxLength.isPresent()) {
            sb.append(sb.length() > 0 ? "; " : "").append("max length ").append(maxLength.getAsInt());
        }
        return sb.length() == 0 ? "any value" : sb.toString();
    }

    private String valueTexts() {
        return values.stream().map(ArgumentText::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    private String patternTexts() {
        return patterns.stream().map(Pattern::pattern).collect(Collectors.joining(" or "));
    }

    private List<String> patternKeys() {
        return patterns.stream().map(p -> p.flags() + ":" + p.pattern()).collect(Collectors.toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueConstraint other
                && values.equals(other.values)
                && patternKeys().equals(other.patternKeys())
                && maxLength.equals(other.maxLength);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, patternKeys(), maxLength);
    }

    @Override
    public String toString() {
        return "ValueConstraint[" + describe() + "]";
    }
}
