package io.openwinrm.policy.restrict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleCapabilityFileTest {

    static final String SERVICE_STATUS = """
            description = "Inspect services"
            [[command]]
            program = "/usr/bin/systemctl"
            fixed = ["status"]
            end_of_options = true
              [[command.flag]]
              name = "--lines"
              value = true
              values = ["10", "50"]
              max_length = 3
              [[command.flag]]
              name = "--no-pager"
              [[command.positional]]
              name = "unit"
              pattern = "^[a-zA-Z0-9@._-]+\\\\.service$"
              max_length = 64
              required = true
            [[command]]
            program = "/usr/bin/id"
            any_arguments = true
            """;

    @Test
    void parsesAGoodFile() {
        RoleCapability role = RoleCapabilityFile.parse("service-status", SERVICE_STATUS);

        assertThat(role.name()).isEqualTo("service-status");
        assertThat(role.description()).isEqualTo("Inspect services");
        assertThat(role.commands()).hasSize(2);
        CommandRule systemctl = role.commands().get(0);
        assertThat(systemctl.program()).isEqualTo(Path.of("/usr/bin/systemctl"));
        assertThat(systemctl.fixedArguments()).containsExactly("status");
        assertThat(systemctl.anyArguments()).isFalse();
        assertThat(systemctl.endOfOptions()).isTrue();
        assertThat(systemctl.flags()).extracting(FlagRule::name).containsExactly("--lines", "--no-pager");
        FlagRule lines = systemctl.flags().get(0);
        assertThat(lines.takesValue()).isTrue();
        assertThat(lines.repeatable()).isFalse();
        assertThat(lines.constraint().values()).containsExactly("10", "50");
        assertThat(lines.constraint().maxLength()).isEqualTo(OptionalInt.of(3));
        assertThat(systemctl.flags().get(1).takesValue()).isFalse();
        PositionalRule unit = systemctl.positionals().get(0);
        assertThat(unit.name()).isEqualTo("unit");
        assertThat(unit.required()).isTrue();
        assertThat(unit.constraint().patterns()).extracting(Pattern::pattern)
                .containsExactly("^[a-zA-Z0-9@._-]+\\.service$");
        assertThat(unit.constraint().accepts("sshd.service")).isTrue();
        assertThat(unit.constraint().accepts("sshd")).isFalse();
        CommandRule id = role.commands().get(1);
        assertThat(id.anyArguments()).isTrue();
        assertThat(id.fixedArguments()).isEmpty();
    }

    @Test
    void defaultsArePermissiveOnlyWhereSafe() {
        RoleCapability role = RoleCapabilityFile.parse("r", """
                [[command]]
                program = "/bin/ls"
                  [[command.flag]]
                  name = "-l"
                  [[command.positional]]
                  name = "dir"
                """);

        CommandRule ls = role.commands().get(0);
        assertThat(role.description()).isEmpty();
        assertThat(ls.anyArguments()).isFalse();
        assertThat(ls.endOfOptions()).isFalse();
        assertThat(ls.flags().get(0)).isEqualTo(FlagRule.toggle("-l"));
        assertThat(ls.positionals().get(0).required()).isTrue();
        assertThat(ls.positionals().get(0).constraint().isUnconstrained()).isTrue();
    }

    @Test
    void acceptsSeveralPatternsAndAnEmptyRole() {
        RoleCapability role = RoleCapabilityFile.parse("r", """
                [[command]]
                program = "/bin/ping"
                  [[command.positional]]
                  name = "host"
                  patterns = ["^[a-z.]+$", "^[0-9.]+$"]
                """);
        assertThat(role.commands().get(0).positionals().get(0).constraint().patterns()).hasSize(2);
        assertThat(RoleCapabilityFile.parse("empty", "").commands()).isEmpty();
    }

    @Test
    void readsAFileAndNamesTheRoleAfterIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("service-status.toml");
        Files.writeString(file, SERVICE_STATUS);

        RoleCapability role = RoleCapabilityFile.parse(file);

        assertThat(role.name()).isEqualTo("service-status");
        assertThat(role).isEqualTo(RoleCapabilityFile.parse("service-status", SERVICE_STATUS));
    }

    @Test
    void refusesAFileWithoutTomlSuffixOrNotUtf8(@TempDir Path dir) throws IOException {
        Path wrongName = dir.resolve("role.txt");
        Files.writeString(wrongName, SERVICE_STATUS);
        assertThatThrownBy(() -> RoleCapabilityFile.parse(wrongName))
                .isInstanceOf(InvalidRoleFileException.class).hasMessageContaining("must end with .toml");

        Path latin1 = dir.resolve("latin.toml");
        Files.write(latin1, "description = \"caf\u00e9\"".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> RoleCapabilityFile.parse(latin1))
                .isInstanceOf(InvalidRoleFileException.class).hasMessageEndingWith("is not valid UTF-8");

        assertThatThrownBy(() -> RoleCapabilityFile.parse(dir.resolve("missing.toml"))).isInstanceOf(IOException.class);
    }

    @Test
    void refusesABadRoleName() {
        assertThatThrownBy(() -> RoleCapabilityFile.parse("../etc", ""))
                .isInstanceOf(InvalidRoleFileException.class).hasMessageContaining("role name '../etc'");
    }

    @Test
    void reportsTomlSyntaxErrorsWithLine() {
        assertThatThrownBy(() -> RoleCapabilityFile.parse("r", "description = \"a\"\nx = \n"))
                .isInstanceOfSatisfying(InvalidRoleFileException.class, e -> {
                    assertThat(e.file()).isEqualTo("r.toml");
                    assertThat(e.key()).isEmpty();
                    assertThat(e.getMessage()).isEqualTo("r.toml: TOML syntax: Newline not permitted here at line 2, column 5");
                });
        assertThatThrownBy(() -> RoleCapabilityFile.parse("r", "description = \"a\"\ndescription = \"b\"\n"))
                .isInstanceOf(InvalidRoleFileException.class)
                .hasMessageStartingWith("r.toml: TOML syntax: Duplicate key at line ")
                .hasMessageNotContaining("\n");
    }

    /** Each error is one line naming file and key. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown root key        | `colour = 1`                                                                 | colour                  | unknown key (allowed: command, description)
            description not string  | `description = 3`                                                            | description             | expected a string
            command not tables      | `command = 3`                                                                | command                 | expected an array of tables ([[command]])
            unknown command key     | `[[command]]\nprogram = "/bin/ls"\nprogramme = "x"`                          | command[1].programme    | unknown key (allowed: any_arguments, end_of_options, fixed, flag, positional, program)
            missing program         | `[[command]]\nfixed = ["a"]`                                                 | command[1].program      | is required
            relative program        | `[[command]]\nprogram = "bin/ls"`                                            | command[1].program      | 'bin/ls' is not an absolute path
            dotdot program          | `[[command]]\nprogram = "/usr/bin/../bin/sh"`                                | command[1].program      | '/usr/bin/../bin/sh' contains a '..' segment
            dot program             | `[[command]]\nprogram = "/usr/./bin/ls"`                                     | command[1].program      | '/usr/./bin/ls' contains a '.' segment
            double slash program    | `[[command]]\nprogram = "/usr/bin//ls"`                                      | command[1].program      | '/usr/bin//ls' contains '//'
            trailing slash program  | `[[command]]\nprogram = "/usr/bin/"`                                         | command[1].program      | '/usr/bin/' ends with '/'
            empty fixed list        | `[[command]]\nprogram = "/bin/ls"\nfixed = []`                               | command[1].fixed        | is empty; leave the key out instead
            fixed not strings       | `[[command]]\nprogram = "/bin/ls"\nfixed = [1]`                              | command[1].fixed        | element 1 is not a string
            fixed with newline      | `[[command]]\nprogram = "/bin/ls"\nfixed = ["a\\u000Ab"]`                    | command[1].fixed        | element 'a\\u000Ab' contains control character U+000A (LF) at offset 1
            any_arguments not bool  | `[[command]]\nprogram = "/bin/ls"\nany_arguments = "yes"`                    | command[1].any_arguments | expected true or false
            any_arguments and flags | `[[command]]\nprogram = "/bin/ls"\nany_arguments = true\n[[command.flag]]\nname = "-l"` | command[1].any_arguments | is true, so flag and positional tables would never apply
            duplicate command       | `[[command]]\nprogram = "/bin/ls"\n[[command]]\nprogram = "/bin/ls"`         | command[2].program      | command /bin/ls is declared twice in this file
            unknown flag key        | `[[command]]\nprogram = "/bin/ls"\n[[command.flag]]\nname = "-l"\nvalu = true` | command[1].flag[1].valu | unknown key (allowed: max_length, name, pattern, patterns, repeatable, value, values)
            flag without dash       | `[[command]]\nprogram = "/bin/ls"\n[[command.flag]]\nname = "l"`             | command[1].flag[1].name | 'l' does not start with '-'
            flag with equals        | `[[command]]\nprogram = "/bin/ls"\n[[command.flag]]\nname = "--a=b"`         | command[1].flag[1].name | '--a=b' contains '='
            flag double dash only   | `[[command]]\nprogram = "/bin/ls"\n[[command.flag]]\nname = "--"`            | command[1].flag[1].name | '--' is not a flag name
            duplicate flag          | `[[command]]\nprogram = "/bin/ls"\n[[command.flag]]\nname = "-l"\n[[command.flag]]\nname = "-l"` | command[1].flag[2].name | flag -l is declared twice
            constraint on toggle    | `[[command]]\nprogram = "/bin/ls"\n[[command.flag]]\nname = "-l"\nvalues = ["a"]` | command[1].flag[1].values | constrains a value, but the flag takes none (set value = true)
            unanchored pattern      | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "d"\npattern = "[a-z]+"` | command[1].positional[1].pattern | '[a-z]+' must start with '^' and end with '$'
            escaped final dollar    | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "d"\npattern = "^a\\\\$"` | command[1].positional[1].pattern | '^a\\$' must start with '^' and end with '$'
            bad regex               | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "d"\npattern = "^(a$"` | command[1].positional[1].pattern | invalid regular expression '^(a$': Unclosed group near index 4
            unanchored in patterns  | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "d"\npatterns = ["^a$", "b"]` | command[1].positional[1].patterns | 'b' must start with '^' and end with '$'
            pattern and patterns    | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "d"\npattern = "^a$"\npatterns = ["^b$"]` | command[1].positional[1].patterns | give pattern or patterns, not both
            values and pattern      | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "d"\nvalues = ["a"]\npattern = "^b$"` | command[1].positional[1].pattern | give values or a pattern, not both (JEA would drop the set and keep only the pattern)
            empty values            | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "d"\nvalues = []` | command[1].positional[1].values | is empty; leave the key out instead
            value over max length   | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "d"\nvalues = ["abcd"]\nmax_length = 3` | command[1].positional[1].values | element 'abcd' is longer than max_length
            max length zero         | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "d"\nmax_length = 0` | command[1].positional[1].max_length | expected an integer from 1 to 4096
            max length fraction     | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "d"\nmax_length = 2.5` | command[1].positional[1].max_length | expected an integer from 1 to 4096
            missing positional name | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nrequired = false` | command[1].positional[1].name | is required
            required after optional | `[[command]]\nprogram = "/bin/ls"\n[[command.positional]]\nname = "a"\nrequired = false\n[[command.positional]]\nname = "b"` | command[1].positional[2].required | a required positional cannot follow an optional one
            """)
    void refusesWithOneLineNamingFileAndKey(String caseName, String toml, String key, String problem) {
        assertThatThrownBy(() -> RoleCapabilityFile.parse("bad", toml.replace("\\n", "\n")))
                .isInstanceOfSatisfying(InvalidRoleFileException.class, e -> {
                    assertThat(e.file()).isEqualTo("bad.toml");
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.getMessage()).isEqualTo("bad.toml: " + key + ": " + problem).doesNotContain("\n");
                });
    }
}
