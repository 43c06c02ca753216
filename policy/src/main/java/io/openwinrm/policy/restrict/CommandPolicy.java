package io.openwinrm.policy.restrict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The effective restricted-command policy of one user: the merged rules of all the user's roles (build it with
 * {@link RoleMerger#merge}). Immutable and thread-safe; {@link #decide} has no side effects.
 *
 * <p>Program resolution (anchors.md §4.2: full paths only): an absolute argv[0] must be normalized (no
 * {@code .}, {@code ..}, {@code //}, trailing {@code /}) and equal an allowed program exactly; a bare name
 * without {@code /} names the allowed program with that file name if exactly one has it; a relative path with
 * {@code /} is refused. Arguments are then matched against each rule of that program (see {@link CommandRule});
 * the command is allowed if any rule matches, otherwise refused with the reason of the rule whose fixed
 * arguments matched longest.
 */
public final class CommandPolicy {

    /** The {@code rule} of a refusal for a program no rule allows. */
    public static final String PROGRAM_RULE = "program allowlist";

    private final List<PolicyRule> rules;

    CommandPolicy(List<PolicyRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The merged rules, sorted by program and fixed arguments. */
    public List<PolicyRule> rules() {
        return rules;
    }

    /**
     * Parses a WinRS command with {@link CommandLine#parse} and decides on the result; a command-line violation
     * becomes a {@link Decision.Refused} with rule {@value CommandLine#RULE}.
     *
     * @param command   the WinRS {@code Command} text
     * @param arguments the WinRS {@code Arguments} elements
     */
    public Decision decide(String command, List<String> arguments) {
        List<String> argv;
        try {
            argv = CommandLine.parse(command, arguments);
        } catch (PolicyViolation e) {
            return e.toDecision();
        }
        return decide(argv);
    }

    /**
     * Decides whether {@code argv} may run.
     *
     * @param argv program first; never null
     * @return {@link Decision.Allowed} with argv[0] replaced by the absolute program path, or
     *         {@link Decision.Refused}
     */
    public Decision decide(List<String> argv) {
        Optional<String> problem = argvProblem(argv);
        if (problem.isPresent()) {
            return new Decision.Refused(CommandLine.RULE, problem.get());
        }
        String requested = argv.get(0);
        Optional<String> program;
        try {
            program = resolve(requested);
        } catch (PolicyViolation e) {
            return e.toDecision();
        }
        if (program.isEmpty()) {
            return new Decision.Refused(PROGRAM_RULE, "program " + ArgumentText.quote(requested) + " is not allowed");
        }
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, program.get());
        return match(program.get(), resolved);
    }

    private Decision match(String program, List<String> argv) {
        TreeSet<String> roles = new TreeSet<>();
        PolicyRule best = null;
        int bestPrefix = -1;
        String bestReason = null;
        for (PolicyRule rule : rules) {
            if (!rule.command().programText().equals(program)) {
                continue;
            }
            ArgumentMatcher matcher = new ArgumentMatcher(rule.command());
            Optional<String> mismatch = matcher.mismatch(argv);
            if (mismatch.isEmpty()) {
                roles.addAll(rule.roles());
                continue;
            }
            int prefix = matcher.fixedPrefixMatched(argv);
            if (prefix > bestPrefix) {
                best = rule;
                bestPrefix = prefix;
                bestReason = mismatch.get();
            }
        }
        if (!roles.isEmpty()) {
            return new Decision.Allowed(Path.of(program), argv, new ArrayList<>(roles));
        }
        return new Decision.Refused(best.label(), bestReason);
    }

    /** The allowed program {@code requested} names, empty if none; throws for malformed or ambiguous names. */
    private Optional<String> resolve(String requested) {
        if (requested.isEmpty()) {
            throw new PolicyViolation(PROGRAM_RULE, "the program name is empty");
        }
        if (requested.indexOf('/') < 0) {
            List<String> named = programs().stream()
                    .filter(p -> ProgramPath.fileName(p).equals(requested))
                    .collect(Collectors.toList());
            if (named.size() > 1) {
                throw new PolicyViolation(PROGRAM_RULE, "program name " + ArgumentText.quote(requested)
                        + " is ambiguous; give one of " + String.join(", ", named));
            }
            return named.stream().findFirst();
        }
        Optional<String> pathProblem = ProgramPath.problem(requested);
        if (pathProblem.isPresent()) {
            throw new PolicyViolation(PROGRAM_RULE, "program path " + ArgumentText.quote(requested) + " "
                    + pathProblem.get() + "; give the exact absolute path of an allowed program");
        }
        return programs().contains(requested) ? Optional.of(requested) : Optional.empty();
    }

    private TreeSet<String> programs() {
        return rules.stream().map(r -> r.command().programText()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Optional<String> argvProblem(List<String> argv) {
        if (argv.isEmpty()) {
            return Optional.of("the command is empty");
        }
        Optional<String> size = ArgumentText.sizeProblem(argv);
        if (size.isPresent()) {
            return size;
        }
        for (int i = 0; i < argv.size(); i++) {
            Optional<String> forbidden = ArgumentText.forbiddenCharacter(argv.get(i));
            if (forbidden.isPresent()) {
                return Optional.of("argument " + i + " contains " + forbidden.get());
            }
        }
        return Optional.empty();
    }

    /**
     * The allowed commands with their constraints, one block per rule, for {@code openwinrm endpoint capabilities
     * --user U} (the analogue of {@code Get-PSSessionCapability}, anchors.md §4.1).
     */
    public String describe() {
        if (rules.isEmpty()) {
            return "No commands are allowed.\n";
        }
        StringBuilder sb = new StringBuilder("Allowed commands:\n");
        for (PolicyRule rule : rules) {
            CommandRule command = rule.command();
            sb.append("  ").append(command.label()).append("  [").append(rule.roles().size() == 1 ? "role " : "roles ")
                    .append(String.join(", ", rule.roles())).append("]\n");
            if (command.anyArguments()) {
                sb.append("    any further arguments\n");
                continue;
            }
            if (command.flags().isEmpty() && command.positionals().isEmpty()) {
                sb.append("    no further arguments\n");
            }
            for (FlagRule flag : command.flags()) {
                sb.append("    flag ").append(flag.describe()).append('\n');
            }
            for (PositionalRule positional : command.positionals()) {
                sb.append("    argument ").append(positional.describe()).append('\n');
            }
            if (command.endOfOptions()) {
                sb.append("    '--' ends the flags\n");
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "CommandPolicy" + rules.stream().map(PolicyRule::label).collect(Collectors.toList());
    }
}
