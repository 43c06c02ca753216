package io.openwinrm.policy.restrict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Merges the roles of one user into a {@link CommandPolicy} with JEA's rules, most permissive wins (anchors.md
 * §4.2; PowerShell-Docs {@code jea/role-capabilities.md}, "How role capabilities are merged"). Rules are keyed by
 * program plus fixed arguments:
 * <ol>
 *   <li>a command in only one role keeps that role's constraints;</li>
 *   <li>identical constraints stay as they are;</li>
 *   <li>flags are unioned by name and positionals merged by index; {@code anyArguments} in any role opens all
 *       arguments;</li>
 *   <li>a parameter whose value is unconstrained in any role is unconstrained;</li>
 *   <li>{@code ValidateSet}s ({@code values}) are unioned;</li>
 *   <li>{@code ValidatePattern}s are unioned, any one matching admits a value;</li>
 *   <li>a set in one role plus a pattern in another: the set is dropped (only the patterns remain).</li>
 * </ol>
 * Beyond JEA's parameter model: the maximum length is the largest, absent if absent in any role; a positional is
 * required only if every role requires it (a role without it admits its absence); a flag repeats if any role
 * lets it; a flag takes a value if any role says so, and then only value-taking declarations contribute to its
 * value constraint (a toggle in one role does not open the value of another role's flag); {@code endOfOptions}
 * if any role accepts {@code --}.
 */
public final class RoleMerger {

    private RoleMerger() {
    }

    /**
     * Merges {@code roles} into one policy.
     *
     * @param roles the user's roles, any order; empty gives a policy that refuses everything
     * @return the merged policy, its rules sorted by program and fixed arguments
     */
    public static CommandPolicy merge(List<RoleCapability> roles) {
        Map<CommandRule.RuleKey, CommandRule> rules = new LinkedHashMap<>();
        Map<CommandRule.RuleKey, Set<String>> contributors = new LinkedHashMap<>();
        for (RoleCapability role : roles) {
            for (CommandRule command : role.commands()) {
                rules.merge(command.key(), command, RoleMerger::mergeRules);
                contributors.computeIfAbsent(command.key(), k -> new TreeSet<>()).add(role.name());
            }
        }
        List<PolicyRule> merged = new ArrayList<>();
        rules.forEach((key, rule) -> merged.add(new PolicyRule(rule, new ArrayList<>(contributors.get(key)))));
        merged.sort(Comparator.comparing((PolicyRule r) -> r.command().programText())
                .thenComparing(r -> String.join("\u0000", r.command().fixedArguments())));
        return new CommandPolicy(merged);
    }

    /** Merges two rules with the same program and fixed arguments (rules 1 to 7). */
    static CommandRule mergeRules(CommandRule a, CommandRule b) {
        Map<String, FlagRule> flags = new LinkedHashMap<>();
        a.flags().forEach(f -> flags.put(f.name(), f));
        b.flags().forEach(f -> flags.merge(f.name(), f, RoleMerger::mergeFlags));
        List<PositionalRule> positionals = new ArrayList<>();
        int count = Math.max(a.positionals().size(), b.positionals().size());
        for (int i = 0; i < count; i++) {
            positionals.add(mergePositionals(
                    i < a.positionals().size() ? a.positionals().get(i) : null,
                    i < b.positionals().size() ? b.positionals().get(i) : null));
        }
        return new CommandRule(a.program(), a.fixedArguments(), new ArrayList<>(flags.values()), positionals,
                a.anyArguments() || b.anyArguments(), a.endOfOptions() || b.endOfOptions());
    }

    static FlagRule mergeFlags(FlagRule a, FlagRule b) {
        ValueConstraint constraint;
        if (a.takesValue() && b.takesValue()) {
            constraint = mergeConstraints(a.constraint(), b.constraint());
        } else if (a.takesValue()) {
            constraint = a.constraint();
        } else {
            constraint = b.constraint();
        }
        return new FlagRule(a.name(), a.takesValue() || b.takesValue(), constraint, a.repeatable() || b.repeatable());
    }

    /** Either may be null (absent in that role), not both. */
    static PositionalRule mergePositionals(PositionalRule a, PositionalRule b) {
        if (a == null || b == null) {
            PositionalRule only = a == null ? b : a;
            return new PositionalRule(only.name(), only.constraint(), false);
        }
        return new PositionalRule(a.name(), mergeConstraints(a.constraint(), b.constraint()),
                a.required() && b.required());
    }

    /** Rules 2, 4, 5, 6 and 7 for one parameter value, plus the maximum length. */
    static ValueConstraint mergeConstraints(ValueConstraint a, ValueConstraint b) {
        if (a.equals(b)) {
            return a;
        }
        OptionalInt maxLength = a.maxLength().isPresent() && b.maxLength().isPresent()
                ? OptionalInt.of(Math.max(a.maxLength().getAsInt(), b.maxLength().getAsInt()))
                : OptionalInt.empty();
        if (a.isValueOpen() || b.isValueOpen()) {
            return new ValueConstraint(Set.of(), List.of(), maxLength);
        }
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (Pattern p : a.patterns()) {
            patterns.putIfAbsent(p.flags() + ":" + p.pattern(), p);
        }
        for (Pattern p : b.patterns()) {
            patterns.putIfAbsent(p.flags() + ":" + p.pattern(), p);
        }
        if (!patterns.isEmpty()) {
            return new ValueConstraint(Set.of(), new ArrayList<>(patterns.values()), maxLength);
        }
        Set<String> values = new LinkedHashSet<>(a.values());
        values.addAll(b.values());
        return new ValueConstraint(values, List.of(), maxLength);
    }
}
