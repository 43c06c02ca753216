package io.openwinrm.policy.restrict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The seven JEA merge rules of anchors.md §4.2, one test each, plus the extensions. */
class RoleMergerTest {

    private static RoleCapability role(String name, String toml) {
        return RoleCapabilityFile.parse(name, toml);
    }

    private static RoleCapability restart(String name, String positionalConstraint) {
        return role(name, """
                [[command]]
                program = "/usr/bin/systemctl"
                fixed = ["restart"]
                  [[command.positional]]
                  name = "unit"
                """ + positionalConstraint + "\n");
    }

    private static ValueConstraint unitConstraint(CommandPolicy policy) {
        return policy.rules().get(0).command().positionals().get(0).constraint();
    }

    private static ValueConstraint set(String... values) {
        return new ValueConstraint(Set.of(values), List.of(), OptionalInt.empty());
    }

    private static ValueConstraint pattern(String... patterns) {
        return new ValueConstraint(Set.of(), java.util.Arrays.stream(patterns).map(Pattern::compile).toList(),
                OptionalInt.empty());
    }

    @Test
    void rule1_aCommandInOneRoleKeepsItsConstraints() {
        RoleCapability a = restart("a", "values = [\"dns.service\"]");
        RoleCapability b = role("b", "[[command]]\nprogram = \"/usr/bin/id\"\n");

        CommandPolicy policy = RoleMerger.merge(List.of(a, b));

        assertThat(policy.rules()).hasSize(2);
        PolicyRule systemctl = policy.rules().get(1);
        assertThat(systemctl.command()).isEqualTo(a.commands().get(0));
        assertThat(systemctl.roles()).containsExactly("a");
        assertThat(policy.decide(List.of("systemctl", "restart", "dns.service")).allowed()).isTrue();
        assertThat(policy.decide(List.of("systemctl", "restart", "sshd.service")).allowed()).isFalse();
    }

    @Test
    void rule2_identicalConstraintsStayAsTheyAre() {
        RoleCapability a = restart("a", "pattern = \"^[a-z]+\\\\.service$\"\nmax_length = 20");
        RoleCapability b = restart("b", "pattern = \"^[a-z]+\\\\.service$\"\nmax_length = 20");

        CommandPolicy policy = RoleMerger.merge(List.of(a, b));

        assertThat(policy.rules()).hasSize(1);
        assertThat(policy.rules().get(0).command()).isEqualTo(a.commands().get(0));
        assertThat(policy.rules().get(0).roles()).containsExactly("a", "b");
        assertThat(RoleMerger.mergeConstraints(set("x"), set("x"))).isEqualTo(set("x"));
    }

    @Test
    void rule3_parameterSetsAreUnionedAndAnyArgumentsOpensAll() {
        RoleCapability a = role("a", """
                [[command]]
                program = "/usr/bin/journalctl"
                  [[command.flag]]
                  name = "--no-pager"
                """);
        RoleCapability b = role("b", """
                [[command]]
                program = "/usr/bin/journalctl"
                  [[command.flag]]
                  name = "--lines"
                  value = true
                  pattern = "^[0-9]+$"
                  [[command.positional]]
                  name = "unit"
                  required = false
                """);
        CommandPolicy unioned = RoleMerger.merge(List.of(a, b));
        CommandRule merged = unioned.rules().get(0).command();
        assertThat(merged.flags()).extracting(FlagRule::name).containsExactly("--no-pager", "--lines");
        assertThat(merged.positionals()).hasSize(1);
        assertThat(unioned.decide(List.of("journalctl", "--no-pager", "--lines", "5", "x")).allowed()).isTrue();
        assertThat(unioned.decide(List.of("journalctl", "--since", "today")).allowed()).isFalse();

        RoleCapability open = role("open", "[[command]]\nprogram = \"/usr/bin/journalctl\"\nany_arguments = true\n");
        CommandPolicy opened = RoleMerger.merge(List.of(a, open));
        assertThat(opened.rules().get(0).command().anyArguments()).isTrue();
        assertThat(opened.decide(List.of("journalctl", "--since", "today")).allowed()).isTrue();
    }

    @Test
    void rule4_unconstrainedInAnyRoleMeansUnconstrained() {
        CommandPolicy policy = RoleMerger.merge(List.of(
                restart("a", "values = [\"dns.service\"]\nmax_length = 11"),
                restart("b", "")));

        assertThat(unitConstraint(policy).isUnconstrained()).isTrue();
        assertThat(policy.decide(List.of("systemctl", "restart", "anything-at-all")).allowed()).isTrue();
        assertThat(RoleMerger.mergeConstraints(pattern("^a$"), ValueConstraint.unconstrained()).isUnconstrained())
                .isTrue();
    }

    @Test
    void rule5_validateSetsAreUnioned() {
        CommandPolicy policy = RoleMerger.merge(List.of(
                restart("a", "values = [\"dns.service\"]"),
                restart("b", "values = [\"spooler.service\", \"dns.service\"]")));

        assertThat(unitConstraint(policy).values()).containsExactly("dns.service", "spooler.service");
        assertThat(unitConstraint(policy).patterns()).isEmpty();
        assertThat(policy.decide(List.of("systemctl", "restart", "spooler.service")).allowed()).isTrue();
        assertThat(policy.decide(List.of("systemctl", "restart", "dns.service")).allowed()).isTrue();
        assertThat(policy.decide(List.of("systemctl", "restart", "sshd.service")).allowed()).isFalse();
    }

    @Test
    void rule6_patternsMatchIfAnyMatches() {
        CommandPolicy policy = RoleMerger.merge(List.of(
                restart("a", "pattern = \"^hr_[a-z]+$\""),
                restart("b", "pattern = \"^fin_[a-z]+$\"")));

        assertThat(unitConstraint(policy).patterns()).extracting(Pattern::pattern)
                .containsExactly("^hr_[a-z]+$", "^fin_[a-z]+$");
        assertThat(policy.decide(List.of("systemctl", "restart", "hr_web")).allowed()).isTrue();
        assertThat(policy.decide(List.of("systemctl", "restart", "fin_db")).allowed()).isTrue();
        assertThat(policy.decide(List.of("systemctl", "restart", "it_x")).allowed()).isFalse();
    }

    @Test
    void rule7_aSetMixedWithAPatternDropsTheSet() {
        CommandPolicy policy = RoleMerger.merge(List.of(
                restart("a", "values = [\"dns.service\"]"),
                restart("b", "pattern = \"^hr_[a-z]+$\"")));

        assertThat(unitConstraint(policy).values()).isEmpty();
        assertThat(unitConstraint(policy).patterns()).extracting(Pattern::pattern).containsExactly("^hr_[a-z]+$");
        assertThat(policy.decide(List.of("systemctl", "restart", "hr_web")).allowed()).isTrue();
        assertThat(policy.decide(List.of("systemctl", "restart", "dns.service")).allowed()).isFalse();
    }

    @Test
    void maxLengthIsTheLargestAndAbsentWinsWhenValuesStayConstrained() {
        assertThat(RoleMerger.mergeConstraints(
                new ValueConstraint(Set.of("a"), List.of(), OptionalInt.of(3)),
                new ValueConstraint(Set.of("b"), List.of(), OptionalInt.of(7))).maxLength()).hasValue(7);
        ValueConstraint noLimit = RoleMerger.mergeConstraints(
                new ValueConstraint(Set.of("a"), List.of(), OptionalInt.of(3)), set("b"));
        assertThat(noLimit.maxLength()).isEmpty();
        assertThat(noLimit.values()).containsExactly("a", "b");
    }

    @Test
    void positionalsAreRequiredOnlyIfRequiredEverywhere() {
        CommandPolicy policy = RoleMerger.merge(List.of(
                restart("a", "required = true"),
                role("b", """
                        [[command]]
                        program = "/usr/bin/systemctl"
                        fixed = ["restart"]
                          [[command.positional]]
                          name = "unit"
                          required = false
                          [[command.positional]]
                          name = "extra"
                          required = false
                        """)));

        assertThat(policy.rules().get(0).command().positionals()).extracting(PositionalRule::required)
                .containsExactly(false, false);
        assertThat(policy.decide(List.of("systemctl", "restart")).allowed()).isTrue();
        assertThat(policy.decide(List.of("systemctl", "restart", "a", "b")).allowed()).isTrue();

        // a positional only one role declares is optional in the merge: the other role admits its absence
        CommandPolicy extra = RoleMerger.merge(List.of(restart("a", ""),
                role("b", "[[command]]\nprogram = \"/usr/bin/systemctl\"\nfixed = [\"restart\"]\n")));
        assertThat(extra.rules().get(0).command().positionals().get(0).required()).isFalse();
    }

    @Test
    void flagsRepeatOrTakeValuesIfAnyRoleSaysSoAndTogglesDoNotOpenValues() {
        FlagRule toggle = FlagRule.toggle("-n");
        FlagRule valued = new FlagRule("-n", true, pattern("^[0-9]+$"), false);
        FlagRule repeat = new FlagRule("-n", true, pattern("^[0-9]+$"), true);

        FlagRule merged = RoleMerger.mergeFlags(toggle, valued);
        assertThat(merged.takesValue()).isTrue();
        assertThat(merged.constraint()).isEqualTo(pattern("^[0-9]+$"));
        assertThat(RoleMerger.mergeFlags(valued, toggle)).isEqualTo(merged);
        assertThat(RoleMerger.mergeFlags(valued, repeat).repeatable()).isTrue();
        assertThat(RoleMerger.mergeFlags(toggle, toggle)).isEqualTo(toggle);
    }

    @Test
    void endOfOptionsIfAnyRoleAcceptsIt() {
        CommandRule closed = new CommandRule(java.nio.file.Path.of("/bin/ls"), List.of(), List.of(), List.of(), false, false);
        CommandRule open = new CommandRule(java.nio.file.Path.of("/bin/ls"), List.of(), List.of(), List.of(), false, true);
        assertThat(RoleMerger.mergeRules(closed, open).endOfOptions()).isTrue();
        assertThat(RoleMerger.mergeRules(closed, closed).endOfOptions()).isFalse();
    }

    @Test
    void differentFixedArgumentsAreDifferentRulesAndRolesAreKept() {
        CommandPolicy policy = RoleMerger.merge(List.of(
                RoleCapabilityFile.parse("service-status", RoleCapabilityFileTest.SERVICE_STATUS),
                restart("service-restart", "values = [\"dns.service\"]"),
                restart("dns-admin", "values = [\"dns.service\"]")));

        assertThat(policy.rules()).extracting(PolicyRule::label).containsExactly(
                "role service-status: /usr/bin/id",
                "roles dns-admin, service-restart: /usr/bin/systemctl restart",
                "role service-status: /usr/bin/systemctl status");
        Decision decision = policy.decide(List.of("systemctl", "restart", "dns.service"));
        assertThat(decision).isEqualTo(new Decision.Allowed(java.nio.file.Path.of("/usr/bin/systemctl"),
                List.of("/usr/bin/systemctl", "restart", "dns.service"), List.of("dns-admin", "service-restart")));
    }

    @Test
    void noRolesRefuseEverything() {
        CommandPolicy policy = RoleMerger.merge(List.of());
        assertThat(policy.rules()).isEmpty();
        assertThat(policy.decide(List.of("id"))).isEqualTo(
                new Decision.Refused("program allowlist", "program 'id' is not allowed"));
        assertThat(policy.describe()).isEqualTo("No commands are allowed.\n");
    }
}
