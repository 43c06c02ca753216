package io.openwinrm.policy.restrict;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a role capability file: the TOML analogue of a JEA {@code .psrc} file (anchors.md §4.2), one role per
 * file, the role named after the file. Strict: unknown keys, wrong types, empty lists, unanchored patterns and
 * malformed paths are refused with an {@link InvalidRoleFileException} whose message is one line naming the file
 * and key.
 *
 * <pre>{@code
 * description = "Inspect services"
 * [[command]]
 * program = "/usr/bin/systemctl"   # required; absolute and normalized
 * fixed = ["status"]               # exact leading arguments
 * any_arguments = false            # true: no argument constraints (then no flag/positional tables)
 * end_of_options = false           # whether a bare "--" is accepted
 *   [[command.flag]]
 *   name = "--lines"               # starts with '-', no '='
 *   value = true                   # takes the NEXT argument as value (default false)
 *   values = ["10", "50"]          # ValidateSet ...
 *   pattern = "^[0-9]{1,3}$"       # ... or ValidatePattern (or patterns = [...]), anchored with ^ and $
 *   max_length = 3
 *   repeatable = false             # default false
 *   [[command.positional]]
 *   name = "unit"
 *   pattern = "^[a-zA-Z0-9@._-]+\\.service$"
 *   max_length = 64
 *   required = true                # default true; required positionals come first
 * }</pre>
 *
 * <p>One parameter may carry {@code values} or {@code pattern}/{@code patterns}, not both: JEA silently lets the
 * pattern win when both are given (anchors.md §4.2), which is never what the author of the set meant.
 */
public final class RoleCapabilityFile {

    /** Larger role files are refused unread. */
    public static final long MAX_FILE_SIZE = 1 << 20;

    private static final String SUFFIX = ".toml";
    private static final Set<String> ROOT_KEYS = Set.of("description", "command");
    private static final Set<String> COMMAND_KEYS =
            Set.of("program", "fixed", "any_arguments", "end_of_options", "flag", "positional");
    private static final Set<String> FLAG_KEYS =
            Set.of("name", "value", "values", "pattern", "patterns", "max_length", "repeatable");
    private static final Set<String> POSITIONAL_KEYS =
            Set.of("name", "values", "pattern", "patterns", "max_length", "required");
    private static final Set<String> CONSTRAINT_KEYS = Set.of("values", "pattern", "patterns", "max_length");
    private static final TomlMapper MAPPER = new TomlMapper();

    private RoleCapabilityFile() {
    }

    /**
     * Reads the role in {@code file}; the role's name is the file name without {@code .toml}.
     *
     * @throws IOException              if the file cannot be read
     * @throws InvalidRoleFileException if its name or content is not a valid role
     */
    public static RoleCapability parse(Path file) throws IOException {
        String label = file.toString();
        Path fileName = file.getFileName();
        String name = fileName == null ? "" : fileName.toString();
        if (!name.endsWith(SUFFIX)) {
            throw new InvalidRoleFileException(label, "", "a role file name must end with " + SUFFIX);
        }
        long size = Files.size(file);
        if (size > MAX_FILE_SIZE) {
            throw new InvalidRoleFileException(label, "", "is " + size + " bytes, more than " + MAX_FILE_SIZE);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidRoleFileException(label, "", "is not valid UTF-8");
        }
        return parse(label, name.substring(0, name.length() - SUFFIX.length()), text);
    }

    /**
     * Parses a role from TOML text.
     *
     * @param name role name, also used as the file name in messages ({@code name.toml})
     * @param toml the file content
     * @throws InvalidRoleFileException if it is not a valid role
     */
    public static RoleCapability parse(String name, String toml) {
        return parse(name + SUFFIX, name, toml);
    }

    private static RoleCapability parse(String file, String name, String toml) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new InvalidRoleFileException(file, "", "role name " + ArgumentText.quote(name)
                    + " must be letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        JsonNode document;
        try {
            document = MAPPER.readTree(toml);
        } catch (JsonProcessingException e) {
            throw new InvalidRoleFileException(file, "", "TOML syntax: " + e.getOriginalMessage() + at(e.getLocation()));
        }
        if (document == null || document.isMissingNode()) {
            throw new InvalidRoleFileException(file, "", "is empty");
        }
        TomlTable root = TomlTable.root(file, document, ROOT_KEYS);
        String description = root.string("description").orElse("");
        List<CommandRule> commands = new ArrayList<>();
        Set<CommandRule.RuleKey> keys = new LinkedHashSet<>();
        for (TomlTable table : root.tables("command", COMMAND_KEYS)) {
            CommandRule command = command(table);
            if (!keys.add(command.key())) {
                throw table.error("program", "command " + command.label() + " is declared twice in this file");
            }
            commands.add(command);
        }
        return new RoleCapability(name, description, commands);
    }

    private static CommandRule command(TomlTable table) {
        String program = table.requiredString("program");
        ProgramPath.problem(program).ifPresent(p -> {
            throw table.error("program", ArgumentText.quote(program) + " " + p);
        });
        List<String> fixed = table.strings("fixed", true);
        for (String argument : fixed) {
            CommandRule.fixedProblem(argument).ifPresent(p -> {
                throw table.error("fixed", "element " + ArgumentText.quote(argument) + " " + p);
            });
        }
        boolean anyArguments = table.bool("any_arguments", false);
        if (anyArguments && (table.has("flag") || table.has("positional"))) {
            throw table.error("any_arguments", "is true, so flag and positional tables would never apply");
        }
        List<FlagRule> flags = new ArrayList<>();
        for (TomlTable flagTable : table.tables("flag", FLAG_KEYS)) {
            FlagRule flag = flag(flagTable);
            if (flags.stream().anyMatch(f -> f.name().equals(flag.name()))) {
                throw flagTable.error("name", "flag " + flag.name() + " is declared twice");
            }
            flags.add(flag);
        }
        List<PositionalRule> positionals = new ArrayList<>();
        for (TomlTable positionalTable : table.tables("positional", POSITIONAL_KEYS)) {
            PositionalRule positional = positional(positionalTable);
            if (positional.required() && positionals.stream().anyMatch(p -> !p.required())) {
                throw positionalTable.error("required", "a required positional cannot follow an optional one");
            }
            positionals.add(positional);
        }
        return new CommandRule(Path.of(program), fixed, flags, positionals, anyArguments,
                table.bool("end_of_options", false));
    }

    private static FlagRule flag(TomlTable table) {
        String name = table.requiredString("name");
        FlagRule.nameProblem(name).ifPresent(p -> {
            throw table.error("name", ArgumentText.quote(name) + " " + p);
        });
        boolean takesValue = table.bool("value", false);
        if (!takesValue) {
            for (String key : CONSTRAINT_KEYS) {
                if (table.has(key)) {
                    throw table.error(key, "constrains a value, but the flag takes none (set value = true)");
                }
            }
        }
        return new FlagRule(name, takesValue, constraint(table), table.bool("repeatable", false));
    }

    private static PositionalRule positional(TomlTable table) {
        String name = table.requiredString("name");
        if (name.isBlank() || ArgumentText.forbiddenCharacter(name).isPresent()) {
            throw table.error("name", "must be a non-blank label without control characters");
        }
        return new PositionalRule(name, constraint(table), table.bool("required", true));
    }

    private static ValueConstraint constraint(TomlTable table) {
        OptionalInt maxLength = table.integer("max_length", 1, ArgumentText.MAX_TOKEN_LENGTH);
        List<String> values = table.strings("values", true);
        for (String value : values) {
            ArgumentText.forbiddenCharacter(value).ifPresent(p -> {
                throw table.error("values", "element " + ArgumentText.quote(value) + " contains " + p);
            });
            if (maxLength.isPresent() && value.length() > maxLength.getAsInt()) {
                throw table.error("values", "element " + ArgumentText.quote(value) + " is longer than max_length");
            }
        }
        Optional<String> single = table.string("pattern");
        if (single.isPresent() && table.has("patterns")) {
            throw table.error("patterns", "give pattern or patterns, not both");
        }
        List<String> patternTexts = single.map(List::of).orElseGet(() -> table.strings("patterns", true));
        if (!values.isEmpty() && !patternTexts.isEmpty()) {
            throw table.error(single.isPresent() ? "pattern" : "patterns",
                    "give values or a pattern, not both (JEA would drop the set and keep only the pattern)");
        }
        String patternKey = single.isPresent() ? "pattern" : "patterns";
        List<Pattern> patterns = new ArrayList<>();
        for (String text : patternTexts) {
            patterns.add(compile(table, patternKey, text));
        }
        return new ValueConstraint(new LinkedHashSet<>(values), patterns, maxLength);
    }

    private static Pattern compile(TomlTable table, String key, String text) {
        if (!text.startsWith("^") || !text.endsWith("$") || endsWithEscapedDollar(text)) {
            throw table.error(key, ArgumentText.quote(text) + " must start with '^' and end with '$'");
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw table.error(key, "invalid regular expression " + ArgumentText.quote(text) + ": " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    /** Whether the final {@code $} is escaped by an odd number of backslashes (a literal dollar sign). */
    private static boolean endsWithEscapedDollar(String text) {
        int backslashes = 0;
        for (int i = text.length() - 2; i >= 0 && text.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
