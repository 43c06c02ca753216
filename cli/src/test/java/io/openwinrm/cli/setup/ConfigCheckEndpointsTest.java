package io.openwinrm.cli.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config check} looks at endpoints and what they refer to on this host. */
class ConfigCheckEndpointsTest {

    @Test
    void theSummaryWarnsWhenCredSspIsOn(@TempDir Path home) throws Exception {
        Path off = Files.writeString(home.resolve("off.toml"), "");
        assertThat(ConfigCheck.summary(off, home)).contains("CredSSP: off (auth.credssp)")
                .noneMatch(l -> l.startsWith("warning"));
        Path on = Files.writeString(home.resolve("on.toml"), "[auth]\ncredssp = true\n");
        assertThat(ConfigCheck.summary(on, home)).anyMatch(l -> l.startsWith("CredSSP: on"))
                .anyMatch(l -> l.startsWith("warning: auth.credssp is on") && l.contains("passwords"));
    }

    /** [log] and [metrics] are checked as serve reads them: a bad address, a port a listener uses, a bad format. */
    @Test
    void badLogAndMetricsSettingsAreProblems(@TempDir Path home) throws Exception {
        Path bad = Files.writeString(home.resolve("bad.toml"), "[metrics]\n"
                + "listen = \"127.0.0.1:5985\"\n\n[log]\nformat = \"xml\"\n");
        List<String> problems = ConfigCheck.check(bad, home);
        assertThat(problems).anyMatch(p -> p.contains("metrics.listen port 5985 is the port of listener"))
                .anyMatch(p -> p.contains("log.format"));
        Path nonsense = Files.writeString(home.resolve("nonsense.toml"), "[metrics]\nlisten = \"nowhere\"\n");
        assertThat(ConfigCheck.check(nonsense, home)).anyMatch(p -> p.contains("metrics.listen must be HOST:PORT"));
        Path fine = Files.writeString(home.resolve("fine.toml"), "[metrics]\nlisten = \"127.0.0.1:9985\"\n");
        assertThat(ConfigCheck.check(fine, home)).noneMatch(p -> p.contains("metrics") || p.contains("log."));
    }

    @Test
    void builtInEndpointsAreFine(@TempDir Path home) {
        List<String> problems = new ArrayList<>();
        ConfigCheck.endpoints(home, null, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void namesMissingAccountsGroupsAndPrograms(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("endpoints"));
        Files.createDirectories(home.resolve("roles"));
        Files.writeString(home.resolve("endpoints/svc.toml"), "run_as = \"account:no-such-account-x\"\n");
        Files.writeString(home.resolve("endpoints/tmp.toml"),
                "run_as = \"temporary\"\ntemporary_groups = [\"no-such-group-x\"]\n");
        Files.writeString(home.resolve("roles/gone.toml"), "[[command]]\nprogram = \"/usr/bin/no-such-program\"\n"
                + "any_arguments = true\n");
        Files.writeString(home.resolve("endpoints/jea.toml"), "kind = \"restricted\"\n[[role]]\n"
                + "principal = \"everyone\"\ncapabilities = [\"gone\"]\n");
        List<String> problems = new ArrayList<>();
        ConfigCheck.endpoints(home, null, problems);
        assertThat(problems).containsExactlyInAnyOrder(
                "endpoint svc: run-as account no-such-account-x does not exist",
                "endpoint tmp: temporary group no-such-group-x does not exist",
                "endpoint jea: role gone: /usr/bin/no-such-program is not an executable file");
    }

    @Test
    void aBrokenEndpointFileIsOneLine(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("endpoints"));
        Files.writeString(home.resolve("endpoints/bad.toml"), "kind = \"shell\"\nfoo = 1\n");
        List<String> problems = new ArrayList<>();
        ConfigCheck.endpoints(home, null, problems);
        assertThat(problems).containsExactly(home.resolve("endpoints/bad.toml") + ": unknown key foo");
    }
}
