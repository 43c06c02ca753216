package io.openwinrm.policy.restrict;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandPolicyTest {

    private static final String STATUS_RULE = "role service-status: /usr/bin/systemctl status";
    private static final String UNIT_PATTERN = "^[a-zA-Z0-9@._-]+\\.service$";

    private final CommandPolicy policy = RoleMerger.merge(List.of(
            RoleCapabilityFile.parse("service-status", RoleCapabilityFileTest.SERVICE_STATUS),
            RoleCapabilityFile.parse("service-restart", """
                    [[command]]
                    program = "/usr/bin/systemctl"
                    fixed = ["restart"]
                      [[command.positional]]
                      name = "unit"
                      values = ["dns.service", "nginx.service"]
                    [[command]]
                    program = "/usr/bin/journalctl"
                      [[command.flag]]
                      name = "-u"
                      value = true
                      repeatable = true
                      pattern = "^[a-z]+$"
                      [[command.flag]]
                      name = "-n"
                      [[command.flag]]
                      name = "--grep"
                      value = true
                    """)));

    private Decision decide(String... argv) {
        return policy.decide(List.of(argv));
    }

    private Decision.Refused refused(String... argv) {
        Decision decision = decide(argv);
        assertThat(decision).isInstanceOf(Decision.Refused.class);
        return (Decision.Refused) decision;
    }

    @Test
    void allowsAMatchingCommandAndResolvesABareName() {
        assertThat(decide("systemctl", "status", "--lines", "10", "--no-pager", "sshd.service")).isEqualTo(
                new Decision.Allowed(Path.of("/usr/bin/systemctl"),
                        List.of("/usr/bin/systemctl", "status", "--lines", "10", "--no-pager", "sshd.service"),
                        List.of("service-status")));
        assertThat(decide("/usr/bin/systemctl", "status", "sshd.service").allowed()).isTrue();
        assertThat(decide("/usr/bin/id", "-u", "whatever", "--x=y").allowed()).isTrue();
    }

    @Test
    void endOfOptionsMakesTheRestPositional() {
        assertThat(decide("systemctl", "status", "--", "-x.service").allowed()).isTrue();
        assertThat(refused("journalctl", "--", "x").reason()).isEqualTo("argument 1 '--' is not accepted by this rule");
    }

    @Test
    void refusesAPositionalThatFailsItsPatternWithTheRuleAndReason() {
        assertThat(refused("systemctl", "status", "foo;bar")).isEqualTo(new Decision.Refused(STATUS_RULE,
                "argument 2 'foo;bar' does not match " + UNIT_PATTERN));
    }

    @Test
    void refusesTheInjectedSemicolonCommandLine() {
        assertThat(policy.decide("systemctl status foo.service; rm -rf /", List.of())).isEqualTo(
                new Decision.Refused("command line", "unquoted shell metacharacter ';' at offset 28 of the command"
                        + " text (there is no shell; quote it to pass it as data)"));
        // quoted, the same text is one argument that faces the schema
        assertThat(policy.decide("systemctl status 'foo.service; rm -rf /'", List.of())).isEqualTo(
                new Decision.Refused(STATUS_RULE, "argument 2 'foo.service; rm -rf /' does not match " + UNIT_PATTERN));
    }

    @Test
    void refusesCommandSubstitutionBackticksAndGlobs() {
        assertThat(policy.decide("systemctl status $(id)", List.of()).allowed()).isFalse();
        assertThat(policy.decide("systemctl status `id`", List.of()).allowed()).isFalse();
        assertThat(policy.decide("systemctl status *.service", List.of()).allowed()).isFalse();
        assertThat(refused("systemctl", "status", "$(id).service").rule()).isEqualTo(STATUS_RULE);
        assertThat(refused("systemctl", "status", "*.service").reason())
                .isEqualTo("argument 2 '*.service' does not match " + UNIT_PATTERN);
    }

    @Test
    void refusesUnnormalizedAndRelativeProgramPaths() {
        assertThat(refused("../bin/systemctl", "status", "a.service")).isEqualTo(new Decision.Refused(
                "program allowlist", "program path '../bin/systemctl' is not an absolute path; give the exact"
                        + " absolute path of an allowed program"));
        assertThat(refused("/usr/bin/../bin/sh").reason()).startsWith("program path '/usr/bin/../bin/sh' contains a '..' segment");
        assertThat(refused("/usr/bin/../bin/systemctl", "status", "a.service").reason()).contains("'..' segment");
        assertThat(refused("/usr/bin/./systemctl", "status", "a.service").reason()).contains("'.' segment");
        assertThat(refused("/usr/bin//systemctl", "status", "a.service").reason()).contains("contains '//'");
        assertThat(refused("/usr/bin/systemctl/", "status", "a.service").reason()).contains("ends with '/'");
        assertThat(refused("bin/systemctl", "status", "a.service").reason()).contains("is not an absolute path");
        assertThat(refused("/bin/systemctl", "status", "a.service")).isEqualTo(
                new Decision.Refused("program allowlist", "program '/bin/systemctl' is not allowed"));
        assertThat(refused("sh", "-c", "id")).isEqualTo(
                new Decision.Refused("program allowlist", "program 'sh' is not allowed"));
        assertThat(refused("", "x").reason()).isEqualTo("the program name is empty");
    }

    @Test
    void refusesAnAmbiguousBareName() {
        CommandPolicy two = RoleMerger.merge(List.of(RoleCapabilityFile.parse("r", """
                [[command]]
                program = "/usr/bin/id"
                [[command]]
                program = "/opt/tools/id"
                """)));
        assertThat(two.decide(List.of("id"))).isEqualTo(new Decision.Refused("program allowlist",
                "program name 'id' is ambiguous; give one of /opt/tools/id, /usr/bin/id"));
        assertThat(two.decide(List.of("/opt/tools/id")).allowed()).isTrue();
    }

    @Test
    void refusesTheJoinedFlagForm() {
        assertThat(refused("systemctl", "status", "--lines=5", "a.service")).isEqualTo(new Decision.Refused(STATUS_RULE,
                "argument 2 '--lines=5' joins flag and value with '='; pass the value as the next argument"
                        + " (--lines VALUE)"));
    }

    @Test
    void refusesARepeatedNonRepeatableFlagButNotARepeatableOne() {
        assertThat(refused("systemctl", "status", "--lines", "10", "--lines", "50", "a.service").reason())
                .isEqualTo("argument 4 repeats flag --lines, which is not repeatable");
        assertThat(decide("journalctl", "-u", "sshd", "-u", "nginx").allowed()).isTrue();
    }

    @Test
    void refusesFlagValuesOutsideTheirConstraintOrMissing() {
        assertThat(refused("systemctl", "status", "--lines", "5", "a.service").reason())
                .isEqualTo("argument 3 '5', the value of --lines, is not one of ['10', '50']");
        assertThat(refused("systemctl", "status", "a.service", "--lines").reason())
                .isEqualTo("flag --lines (argument 3) needs a value as the next argument");
        assertThat(refused("journalctl", "-u", "SSHD").reason())
                .isEqualTo("argument 2 'SSHD', the value of -u, does not match ^[a-z]+$");
        // an unconstrained value that looks like a flag is refused, a plain one passes
        assertThat(refused("journalctl", "--grep", "--output=json").reason())
                .isEqualTo("argument 2 '--output=json', the value of --grep, starts with '-' and could be read as a flag");
        assertThat(decide("journalctl", "--grep", "error; rm -rf /").allowed()).isTrue();
    }

    @Test
    void refusesUndeclaredAndCombinedFlags() {
        assertThat(refused("systemctl", "status", "-H", "host", "a.service").reason())
                .isEqualTo("argument 2 '-H' is not a declared flag of this rule");
        assertThat(refused("systemctl", "status", "--host=x", "a.service").reason())
                .isEqualTo("argument 2 '--host=x' is not a declared flag (nor is --host)");
        assertThat(refused("journalctl", "-nH").reason()).isEqualTo("argument 1 '-nH' is not a declared flag"
                + " (combined short flags and joined values are not accepted; give each flag and value separately)");
        assertThat(refused("journalctl", "-usshd").reason()).contains("combined short flags and joined values");
        assertThat(refused("journalctl", "-").reason()).isEqualTo("argument 1 '-' is not a declared flag of this rule");
    }

    @Test
    void aPositionalStartingWithDashIsAFlagAndRefused() {
        assertThat(refused("systemctl", "status", "--output=json.service").reason())
                .isEqualTo("argument 2 '--output=json.service' is not a declared flag (nor is --output)");
        assertThat(refused("systemctl", "status", "-x.service").reason())
                .contains("argument 2 '-x.service' is not a declared flag");
    }

    @Test
    void refusesTooManyAndMissingPositionals() {
        assertThat(refused("systemctl", "status", "a.service", "b.service").reason())
                .isEqualTo("argument 3 'b.service' is one too many: this rule accepts 1 positional argument");
        assertThat(refused("systemctl", "status").reason()).isEqualTo("required argument <unit> is missing");
        assertThat(refused("journalctl", "x").reason())
                .isEqualTo("argument 1 'x' is one too many: this rule accepts 0 positional arguments");
    }

    @Test
    void refusesEnvironmentInjection() {
        assertThat(policy.decide("FOO=bar systemctl status a.service", List.of()).allowed()).isFalse();
        assertThat(policy.decide("env FOO=bar systemctl status a.service", List.of()))
                .isEqualTo(new Decision.Refused("program allowlist", "program 'env' is not allowed"));
        assertThat(refused("FOO=bar", "systemctl")).isEqualTo(
                new Decision.Refused("program allowlist", "program 'FOO=bar' is not allowed"));
    }

    @Test
    void refusesNewlineInjectionInAnArgumentAndInARawArgv() {
        assertThat(policy.decide("systemctl", List.of("status", "a.service\nreboot"))).isEqualTo(new Decision.Refused(
                "command line", "Arguments element 2 contains control character U+000A (LF) at offset 9"));
        assertThat(refused("systemctl", "status", "a.service\u0000x")).isEqualTo(new Decision.Refused(
                "command line", "argument 2 contains control character U+0000 (NUL) at offset 9"));
    }

    @Test
    void refusesUnicodeLookAlikes() {
        // Cyrillic "с" in the program name: a different name, not allowed
        assertThat(refused("sy\u0441temctl", "status", "a.service").rule()).isEqualTo("program allowlist");
        // fullwidth semicolon and fullwidth solidus are data that the pattern refuses
        assertThat(refused("systemctl", "status", "a.service\uFF1Brm").rule()).isEqualTo(STATUS_RULE);
        assertThat(refused("\uFF0Fusr\uFF0Fbin\uFF0Fsystemctl", "status", "a.service").rule()).isEqualTo("program allowlist");
        // zero-width space hidden in a value
        assertThat(refused("systemctl", "status", "ssh\u200Bd.service").reason()).contains("U+200B");
    }

    @Test
    void refusesWithTheLongestFixedPrefixMatch() {
        assertThat(refused("systemctl", "restart", "sshd.service")).isEqualTo(new Decision.Refused(
                "role service-restart: /usr/bin/systemctl restart",
                "argument 2 'sshd.service' is not one of ['dns.service', 'nginx.service']"));
        assertThat(refused("systemctl", "stop", "dns.service").reason()).isEqualTo("argument 1 'stop' is not 'restart'");
        assertThat(refused("systemctl").reason()).isEqualTo("argument 1 is missing, expected 'restart'");
    }

    @Test
    void enforcesArgvLimits() {
        List<String> many = new java.util.ArrayList<>(List.of("systemctl", "status"));
        many.addAll(Collections.nCopies(255, "a"));
        assertThat(policy.decide(many)).isEqualTo(new Decision.Refused("command line",
                "the command has 257 arguments, more than the limit of 256"));
        assertThat(refused("id", "a".repeat(4097)).reason())
                .isEqualTo("argument 1 is 4097 characters long, more than the limit of 4096");
        assertThat(policy.decide(List.of())).isEqualTo(new Decision.Refused("command line", "the command is empty"));
    }

    @Test
    void describesTheAllowedCommands() {
        assertThat(policy.describe()).isEqualTo("""
                Allowed commands:
                  /usr/bin/id  [role service-status]
                    any further arguments
                  /usr/bin/journalctl  [role service-restart]
                    flag -u VALUE (matching ^[a-z]+$), repeatable
                    flag -n
                    flag --grep VALUE (any value)
                  /usr/bin/systemctl restart  [role service-restart]
                    argument <unit> (one of ['dns.service', 'nginx.service'])
                  /usr/bin/systemctl status  [role service-status]
                    flag --lines VALUE (one of ['10', '50']; max length 3)
                    flag --no-pager
                    argument <unit> (matching ^[a-zA-Z0-9@._-]+\\.service$; max length 64)
                    '--' ends the flags
                """);
    }
}
