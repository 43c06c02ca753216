package io.openwinrm.server.psrp.restricted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoLanguageParserTest {

    @Test
    void oneCommandWithLiteralArguments() throws Exception {
        List<ScriptCommand> p = NoLanguageParser.parse("systemctl status cron.service");

        assertThat(p).hasSize(1);
        assertThat(p.get(0).name()).isEqualTo("systemctl");
        assertThat(p.get(0).arguments()).extracting(ScriptCommand.Argument::values)
                .containsExactly(List.of("status"), List.of("cron.service"));
    }

    @Test
    void quotesEscapesAndCommaLists() throws Exception {
        ScriptCommand c = NoLanguageParser.parse("cmd 'it''s' \"say \"\"hi\"\"\" a`$b \"tab`there\" x,'y z' "
                + "pre'quoted'post \"cost: $ 5\"").get(0);

        assertThat(c.arguments()).extracting(ScriptCommand.Argument::values).containsExactly(List.of("it's"),
                List.of("say \"hi\""), List.of("a$b"), List.of("tab\there"), List.of("x", "y z"),
                List.of("prequotedpost"), List.of("cost: $ 5"));
    }

    @Test
    void parametersAreRecognizedForCmdletsAndKeptLiteralForPrograms() throws Exception {
        ScriptCommand c = NoLanguageParser.parse("Get-Command -Name:a,b -Syntax --lines=5 -n5 -1").get(0);

        assertThat(c.arguments()).extracting(ScriptCommand.Argument::parameter).containsExactly("Name", "Syntax",
                null, "n5", null);
        assertThat(c.arguments().get(0).values()).containsExactly("a", "b");
        assertThat(c.arguments()).extracting(ScriptCommand.Argument::text).containsExactly("-Name:a,b", "-Syntax",
                "--lines=5", "-n5", "-1");
    }

    @Test
    void pipelinesCommentsContinuationsAndATrailingSemicolon() throws Exception {
        List<ScriptCommand> p = NoLanguageParser.parse("\n  Get-Command # list\n  | Select-Object `\n -First 1 ;  \n");

        assertThat(p).extracting(ScriptCommand::name).containsExactly("Get-Command", "Select-Object");
        assertThat(p.get(1).arguments()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '§', quoteCharacter = '~', value = {
        "cat $HOME                      § VARIABLE",
        "cat a$b                        § VARIABLE",
        "cat \"$env:PATH\"              § VARIABLE",
        "cat \"${x}\"                   § VARIABLE",
        "cat @args                      § VARIABLE",
        "cat $(id)                      § SUBEXPRESSION",
        "cat \"$(id)\"                  § SUBEXPRESSION",
        "cat @(1)                       § SUBEXPRESSION",
        "cat @{a=1}                     § SUBEXPRESSION",
        "Get-Command { x }              § SCRIPT_BLOCK",
        "cat a{b}                       § SCRIPT_BLOCK",
        "cat (1+1)                      § EXPRESSION",
        "[int]5                         § EXPRESSION",
        "~'cat'~                        § EXPRESSION",
        "cat [int]                      § EXPRESSION",
        "1 + 1                          § EXPRESSION",
        "Get-Command; cat x             § STATEMENT_SEPARATOR",
        "~Get-Command\ncat x~           § STATEMENT_SEPARATOR",
        "cat a && cat b                 § PIPELINE_CHAIN",
        "cat a || cat b                 § PIPELINE_CHAIN",
        "& cat                          § CALL_OPERATOR",
        "cat a &                        § CALL_OPERATOR",
        ". cat                          § DOT_SOURCE",
        "cat a > b                      § REDIRECTION",
        "cat a 2>&1                     § REDIRECTION",
        "cat a>b                        § REDIRECTION",
        "cat < b                        § REDIRECTION",
        "cat --% $x                     § STOP_PARSING",
        "cat 'open                      § SYNTAX",
        "~|cat~                         § SYNTAX",
        "~cat |~                        § SYNTAX",
        "~   ~                          § SYNTAX",
        "cat a,                         § SYNTAX",
    })
    void refusesWithTheRule(String script, NoLanguageRule rule) {
        assertThatThrownBy(() -> NoLanguageParser.parse(script)).isInstanceOf(LanguageViolation.class)
                .satisfies(e -> assertThat(((LanguageViolation) e).rule()).isEqualTo(rule));
    }

    @Test
    void boundsTheScript() {
        assertThatThrownBy(() -> NoLanguageParser.parse("x".repeat(NoLanguageParser.MAX_SCRIPT_LENGTH + 1)))
                .satisfies(e -> assertThat(((LanguageViolation) e).rule()).isEqualTo(NoLanguageRule.TOO_LONG));
    }

    @Test
    void typographicQuotesAreQuotes() throws Exception {
        ScriptCommand c = NoLanguageParser.parse("cat \u2018a b\u2019 \u201Cc d\u201D").get(0);
        assertThat(c.arguments()).extracting(ScriptCommand.Argument::values).containsExactly(List.of("a b"),
                List.of("c d"));
    }
}
