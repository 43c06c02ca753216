package io.openwinrm.policy.restrict;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches the arguments of one argv against one {@link CommandRule}. Argument numbers in reasons are argv
 * indexes: argument 0 is the program, argument 1 the first argument after it.
 */
final class ArgumentMatcher {

    private final CommandRule rule;
    private final Map<String, FlagRule> flags = new HashMap<>();

    ArgumentMatcher(CommandRule rule) {
        this.rule = rule;
        rule.flags().forEach(f -> flags.put(f.name(), f));
    }

    /** How many leading fixed arguments of the rule {@code argv} has; the rule's preference when all refuse. */
    int fixedPrefixMatched(List<String> argv) {
        int matched = 0;
        for (String fixed : rule.fixedArguments()) {
            if (matched + 1 >= argv.size() || !argv.get(matched + 1).equals(fixed)) {
                break;
            }
            matched++;
        }
        return matched;
    }

    /**
     * Why {@code argv} does not match the rule, or empty when it does.
     *
     * @param argv the full argv, program first
     */
    Optional<String> mismatch(List<String> argv) {
        List<String> fixed = rule.fixedArguments();
        for (int k = 0; k < fixed.size(); k++) {
            int i = k + 1;
            if (i >= argv.size()) {
                return Optional.of("argument " + i + " is missing, expected " + ArgumentText.quote(fixed.get(k)));
            }
            if (!argv.get(i).equals(fixed.get(k))) {
                return Optional.of("argument " + i + " " + ArgumentText.quote(argv.get(i)) + " is not "
                        + ArgumentText.quote(fixed.get(k)));
            }
        }
        if (rule.anyArguments()) {
            return Optional.empty();
        }
        return matchRest(argv, fixed.size() + 1);
    }

    private Optional<String> matchRest(List<String> argv, int start) {
        Set<String> seen = new HashSet<>();
        List<PositionalRule> positionals = rule.positionals();
        int position = 0;
        boolean optionsEnded = false;
        int i = start;
        while (i < argv.size()) {
            String token = argv.get(i);
            if (!optionsEnded && token.equals("--")) {
                if (!rule.endOfOptions()) {
                    return Optional.of("argument " + i + " '--' is not accepted by this rule");
                }
                optionsEnded = true;
                i++;
            } else if (!optionsEnded && token.startsWith("-")) {
                FlagRule flag = flags.get(token);
                if (flag == null) {
                    return Optional.of(undeclaredFlag(i, token));
                }
                if (!seen.add(token) && !flag.repeatable()) {
                    return Optional.of("argument " + i + " repeats flag " + token + ", which is not repeatable");
                }
                if (flag.takesValue()) {
                    Optional<String> problem = flagValue(argv, i, flag);
                    if (problem.isPresent()) {
                        return problem;
                    }
                    i += 2;
                } else {
                    i++;
                }
            } else {
                if (position >= positionals.size()) {
                    return Optional.of("argument " + i + " " + ArgumentText.quote(token) + " is one too many: this rule"
                            + " accepts " + positionals.size() + " positional argument" + (positionals.size() == 1 ? "" : "s"));
                }
                ValueConstraint constraint = positionals.get(position).constraint();
                if (!constraint.accepts(token)) {
                    return Optional.of("argument " + i + " " + ArgumentText.quote(token) + " "
                            + constraint.explainRejection(token));
                }
                position++;
                i++;
            }
        }
        if (position < positionals.size() && positionals.get(position).required()) {
            return Optional.of("required argument <" + positionals.get(position).name() + "> is missing");
        }
        return Optional.empty();
    }

    private Optional<String> flagValue(List<String> argv, int i, FlagRule flag) {
        if (i + 1 >= argv.size()) {
            return Optional.of("flag " + flag.name() + " (argument " + i + ") needs a value as the next argument");
        }
        String value = argv.get(i + 1);
        ValueConstraint constraint = flag.constraint();
        if (value.startsWith("-") && constraint.isValueOpen()) {
            return Optional.of("argument " + (i + 1) + " " + ArgumentText.quote(value) + ", the value of " + flag.name()
                    + ", starts with '-' and could be read as a flag");
        }
        if (!constraint.accepts(value)) {
            return Optional.of("argument " + (i + 1) + " " + ArgumentText.quote(value) + ", the value of " + flag.name()
                    + ", " + constraint.explainRejection(value));
        }
        return Optional.empty();
    }

    private String undeclaredFlag(int i, String token) {
        String quoted = ArgumentText.quote(token);
        int eq = token.indexOf('=');
        if (eq > 0 && flags.containsKey(token.substring(0, eq))) {
            String name = token.substring(0, eq);
            return "argument " + i + " " + quoted + " joins flag and value with '='; pass the value as the next"
                    + " argument (" + name + " VALUE)";
        }
        if (eq > 0) {
            return "argument " + i + " " + quoted + " is not a declared flag (nor is " + token.substring(0, eq) + ")";
        }
        if (!token.startsWith("--") && token.length() > 2) {
            return "argument " + i + " " + quoted + " is not a declared flag (combined short flags and joined values"
                    + " are not accepted; give each flag and value separately)";
        }
        return "argument " + i + " " + quoted + " is not a declared flag of this rule";
    }
}
