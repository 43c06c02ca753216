package io.openwinrm.policy.restrict;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One allowed command: an absolute program path plus an argument schema, the native-program analogue of a JEA
 * {@code VisibleCmdlets} entry with {@code Parameters} (anchors.md §4.2, §4.3). The program is executed directly
 * with the checked argv, never through a shell.
 *
 * <p>argv after the program must start with exactly {@code fixedArguments} (e.g. {@code status} for
 * {@code systemctl status}); the rest is matched against {@code flags} and {@code positionals}, unless
 * {@code anyArguments} is set, which accepts any further arguments (JEA's "no parameter constraints",
 * {@code VisibleExternalCommands}).
 *
 * @param program        absolute, normalized POSIX path (no {@code .}, {@code ..}, {@code //}, trailing {@code /})
 * @param fixedArguments exact leading arguments
 * @param flags          allowed flags, names unique
 * @param positionals    allowed positional arguments in order; required ones first
 * @param anyArguments   whether any arguments after the fixed ones are accepted
 * @param endOfOptions   whether a bare {@code --} is accepted, after which every element is a positional
 */
public record CommandRule(Path program, List<String> fixedArguments, List<FlagRule> flags,
        List<PositionalRule> positionals, boolean anyArguments, boolean endOfOptions) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException for a malformed program path, a fixed argument with forbidden characters
     *                                  or starting with '-', duplicate flag names or a required positional after
     *                                  an optional one
     */
    public CommandRule {
        Objects.requireNonNull(program, "program");
        ProgramPath.problem(program.toString()).ifPresent(p -> {
            throw new IllegalArgumentException("program " + ArgumentText.quote(program.toString()) + " " + p);
        });
        fixedArguments = List.copyOf(fixedArguments);
        flags = List.copyOf(flags);
        positionals = List.copyOf(positionals);
        for (String fixed : fixedArguments) {
            fixedProblem(fixed).ifPresent(p -> {
                throw new IllegalArgumentException("fixed argument " + ArgumentText.quote(fixed) + " " + p);
            });
        }
        Set<String> names = new HashSet<>();
        for (FlagRule flag : flags) {
            if (!names.add(flag.name())) {
                throw new IllegalArgumentException("flag " + flag.name() + " is declared twice");
            }
        }
        boolean optionalSeen = false;
        for (PositionalRule positional : positionals) {
            if (positional.required() && optionalSeen) {
                throw new IllegalArgumentException(
                        "required positional " + positional.name() + " follows an optional one");
            }
            optionalSeen |= !positional.required();
        }
    }

    /** Why {@code fixed} cannot be a fixed argument, or empty. */
    static Optional<String> fixedProblem(String fixed) {
        if (fixed.isEmpty()) {
            return Optional.of("is empty");
        }
        return ArgumentText.forbiddenCharacter(fixed).map(f -> "contains " + f);
    }

    /** The program as its POSIX string. */
    public String programText() {
        return program.toString();
    }

    /** {@code /usr/bin/systemctl status}: the program and the fixed arguments, the identity used in messages. */
    public String label() {
        return fixedArguments.isEmpty() ? programText() : programText() + " " + String.join(" ", fixedArguments);
    }

    /** The merge key: program plus fixed arguments (anchors.md §4.2 rule 1 keys by command). */
    RuleKey key() {
        return new RuleKey(programText(), fixedArguments);
    }

    /** Identity of a rule across roles. */
    record RuleKey(String program, List<String> fixedArguments) {
    }
}
