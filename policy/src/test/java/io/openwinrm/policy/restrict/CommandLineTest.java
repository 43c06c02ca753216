package io.openwinrm.policy.restrict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    @Test
    void splitsOnSpacesAndTabs() {
        assertThat(CommandLine.parse("  systemctl\tstatus   sshd.service ", List.of()))
                .containsExactly("systemctl", "status", "sshd.service");
    }

    @Test
    void singleQuotesAreLiteral() {
        assertThat(CommandLine.parse("echo 'a b' '\\\"$x\"'", List.of()))
                .containsExactly("echo", "a b", "\\\"$x\"");
    }

    @Test
    void doubleQuotesOnlyEscapeQuoteAndBackslash() {
        assertThat(CommandLine.parse("echo \"a \\\"b\\\" \\\\ \\n 'c'\"", List.of()))
                .containsExactly("echo", "a \"b\" \\ \\n 'c'");
    }

    @Test
    void quotedPartsJoinAndEmptyQuotesGiveEmptyWords() {
        assertThat(CommandLine.parse("a'b c'\"d\"e '' \"\"", List.of()))
                .containsExactly("ab cde", "", "");
    }

    @Test
    void quotedMetacharactersArePlainData() {
        assertThat(CommandLine.parse("systemctl status 'foo;bar' \"$(id)\" '*.service'", List.of()))
                .containsExactly("systemctl", "status", "foo;bar", "$(id)", "*.service");
    }

    @Test
    void argumentsAreAppendedVerbatim() {
        assertThat(CommandLine.parse("systemctl", List.of("status", "a b", "'q'", "x;y", "")))
                .containsExactly("systemctl", "status", "a b", "'q'", "x;y", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {";", "|", "&", "<", ">", "(", ")", "$", "`", "*", "?", "[", "]", "{", "}", "~", "!", "#", "\\"})
    void refusesEachUnquotedMetacharacterNamingIt(String meta) {
        String command = "systemctl status a" + meta + "b";
        assertThatThrownBy(() -> CommandLine.parse(command, List.of()))
                .isInstanceOfSatisfying(PolicyViolation.class, e -> {
                    assertThat(e.rule()).isEqualTo("command line");
                    assertThat(e.reason()).isEqualTo("unquoted shell metacharacter '" + meta + "' at offset 18 of the"
                            + " command text (there is no shell; quote it to pass it as data)");
                });
    }

    @Test
    void refusesTheClassicInjections() {
        assertThatThrownBy(() -> CommandLine.parse("systemctl status foo.service; rm -rf /", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("';' at offset 28");
        assertThatThrownBy(() -> CommandLine.parse("systemctl status $(id)", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("'$'");
        assertThatThrownBy(() -> CommandLine.parse("systemctl status `id`", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("'`'");
        assertThatThrownBy(() -> CommandLine.parse("systemctl status *.service", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("'*'");
        assertThatThrownBy(() -> CommandLine.parse("systemctl status a && id", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("'&'");
        assertThatThrownBy(() -> CommandLine.parse("cat ~root/.ssh/id_rsa", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("'~'");
    }

    @Test
    void refusesALeadingEnvironmentAssignment() {
        assertThatThrownBy(() -> CommandLine.parse("FOO=bar systemctl status", List.of()))
                .isInstanceOfSatisfying(PolicyViolation.class, e -> assertThat(e.reason()).isEqualTo(
                        "leading environment assignment 'FOO=bar' is not allowed (the environment cannot be set through"
                                + " the command)"));
        assertThatThrownBy(() -> CommandLine.parse("LD_PRELOAD='/tmp/x.so' id", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("environment assignment");
        // later words with '=' are ordinary data for the schema
        assertThat(CommandLine.parse("env FOO=bar systemctl", List.of())).containsExactly("env", "FOO=bar", "systemctl");
    }

    @Test
    void refusesControlCharactersInTheText() {
        assertThatThrownBy(() -> CommandLine.parse("systemctl status a\nid", List.of()))
                .isInstanceOfSatisfying(PolicyViolation.class, e -> assertThat(e.reason())
                        .isEqualTo("the command text contains control character U+000A (LF) at offset 18"));
        assertThatThrownBy(() -> CommandLine.parse("id\r", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("U+000D (CR)");
        assertThatThrownBy(() -> CommandLine.parse("id 'a\u0000b'", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("U+0000 (NUL)");
        assertThatThrownBy(() -> CommandLine.parse("id \"a\tb\"", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("U+0009 (TAB)");
    }

    @Test
    void refusesNewlineInjectionInAnArgument() {
        assertThatThrownBy(() -> CommandLine.parse("systemctl", List.of("status", "sshd.service\nreboot")))
                .isInstanceOfSatisfying(PolicyViolation.class, e -> assertThat(e.reason())
                        .isEqualTo("Arguments element 2 contains control character U+000A (LF) at offset 12"));
        assertThatThrownBy(() -> CommandLine.parse("id", List.of("a\tb")))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("U+0009 (TAB)");
    }

    @Test
    void refusesInvisibleUnicode() {
        assertThatThrownBy(() -> CommandLine.parse("system\u200Bctl status", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("invisible format character U+200B");
        assertThatThrownBy(() -> CommandLine.parse("id", List.of("\u202Eecivres.dhss")))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("U+202E");
        assertThatThrownBy(() -> CommandLine.parse("id a\u2028b", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("line separator U+2028");
        assertThatThrownBy(() -> CommandLine.parse("id a\uD800b", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("unpaired surrogate U+D800");
        // ordinary non-ASCII, including supplementary characters, is data
        assertThat(CommandLine.parse("echo caf\u00e9 \uD83D\uDE00", List.of())).containsExactly("echo", "caf\u00e9", "\uD83D\uDE00");
    }

    @Test
    void refusesUnterminatedQuotesAndEmptyCommands() {
        assertThatThrownBy(() -> CommandLine.parse("id 'abc", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageEndingWith("unterminated single quote at offset 3 of the command text");
        assertThatThrownBy(() -> CommandLine.parse("id \"abc\\\"", List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageEndingWith("unterminated double quote at offset 3 of the command text");
        assertThatThrownBy(() -> CommandLine.parse(" \t ", List.of("x")))
                .isInstanceOf(PolicyViolation.class).hasMessageEndingWith("the command is empty");
    }

    @Test
    void enforcesSizeLimits() {
        String longWord = "a".repeat(4097);
        assertThatThrownBy(() -> CommandLine.parse("id " + longWord, List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("longer than 4096");
        assertThatThrownBy(() -> CommandLine.parse("id", List.of(longWord)))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("4097 characters long");
        assertThatThrownBy(() -> CommandLine.parse("id" + " a".repeat(256), List.of()))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("more than 256");
        assertThatThrownBy(() -> CommandLine.parse("id", java.util.Collections.nCopies(256, "a")))
                .isInstanceOf(PolicyViolation.class).hasMessageContaining("257 arguments");
        assertThat(CommandLine.parse("id" + " a".repeat(255), List.of())).hasSize(256);
        assertThat(CommandLine.parse("id " + "a".repeat(4096), List.of())).hasSize(2);
    }
}
