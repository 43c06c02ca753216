package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.cli.CliTest.Run;
import io.openwinrm.cli.endpoint.EndpointDirectory;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.psrp.pwsh.PwshEngineFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code openwinrm endpoint ...}: files written, validated, listed; one-line errors. */
class EndpointCommandTest {

    private static final String ROLE = """
            description = "Inspect services"
            [[command]]
            program = "/usr/bin/systemctl"
            fixed = ["status"]
              [[command.positional]]
              name = "unit"
              pattern = "^[a-z0-9@._-]+\\\\.service$"
            """;

    @Test
    void builtInEndpointsUntilTheFirstRegistration(@TempDir Path home) throws Exception {
        Run list = CliTest.run(null, "endpoint", "list", "--home", home.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("cmd ", "login ", "allow administrators, group:winrm-remote-management");
        assertThat(Files.exists(home.resolve("endpoints"))).isFalse();

        Run reg = CliTest.run(null, "endpoint", "register", "ops", "--home", home.toString(), "--allow",
                "group:ops", "--deny", "user:mallory", "--max-processes", "50", "--deadline", "600");
        assertThat(reg.exit()).as(reg.err()).isZero();
        assertThat(reg.out()).isEqualTo("registered endpoint ops (http://schemas.openwinrm.io/wbem/wsman/1/shell/ops)\n");
        // the built-in ones were materialised next to it, so registering never removes them
        assertThat(EndpointDirectory.load(home)).extracting(Endpoint::name).containsExactly("cmd", "login", "ops");

        Run show = CliTest.run(null, "endpoint", "show", "ops", "--home", home.toString());
        assertThat(show.out()).contains("kind:          shell", "http://schemas.microsoft.com/powershell/ops",
                "access:        allow group:ops; deny user:mallory", "max processes 50",
                "command deadline 600 s");

        Run dup = CliTest.run(null, "endpoint", "register", "ops", "--home", home.toString());
        assertThat(dup.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(dup.err()).isEqualTo("openwinrm: endpoint ops exists (use --force to replace it)\n");

        Run widen = CliTest.run(null, "endpoint", "set-access", "cmd", "--home", home.toString(), "--allow",
                "group:ops", "--deny", "user:mallory");
        assertThat(widen.out()).isEqualTo("endpoint cmd: allow administrators, group:winrm-remote-management, "
                + "group:ops; deny user:mallory\n");
        Run narrow = CliTest.run(null, "endpoint", "set-access", "cmd", "--home", home.toString(), "--remove",
                "group:ops");
        assertThat(narrow.out()).isEqualTo("endpoint cmd: allow administrators, group:winrm-remote-management; "
                + "deny user:mallory\n");

        assertThat(CliTest.run(null, "endpoint", "unregister", "ops", "--home", home.toString()).exit()).isZero();
        assertThat(EndpointDirectory.load(home)).extracting(Endpoint::name).containsExactly("cmd", "login");
        Run gone = CliTest.run(null, "endpoint", "show", "ops", "--home", home.toString());
        assertThat(gone.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(gone.err()).isEqualTo("openwinrm: no endpoint named ops (see 'openwinrm endpoint list')\n");
    }

    @Test
    void restrictedEndpointNeedsRolesThatExistAndValidate(@TempDir Path home) throws Exception {
        Run noRole = CliTest.run(null, "endpoint", "register", "svc", "--kind", "restricted", "--home",
                home.toString());
        assertThat(noRole.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noRole.err()).isEqualTo("openwinrm: a restricted endpoint needs at least one --role\n");

        Run missing = CliTest.run(null, "endpoint", "register", "svc", "--kind", "restricted", "--role",
                "group:ops=service-status", "--home", home.toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(missing.err()).contains("service-status.toml: role capability file not found").hasLineCount(1);

        Files.createDirectories(home.resolve("roles"));
        Files.writeString(home.resolve("roles/service-status.toml"), ROLE);
        Run ok = CliTest.run(null, "endpoint", "register", "svc", "--kind", "restricted", "--role",
                "group:ops=service-status", "--run-as", "temporary", "--temporary-group", "systemd-journal",
                "--transcripts", home.resolve("transcripts").toString(), "--home", home.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        Endpoint svc = EndpointDirectory.load(home).stream().filter(e -> e.name().equals("svc")).findFirst()
                .orElseThrow();
        assertThat(svc.kind()).isEqualTo(EndpointKind.RESTRICTED);
        assertThat(svc.runAs().text()).isEqualTo("temporary");
        assertThat(svc.transcripts()).contains(home.resolve("transcripts"));
        assertThat(svc.roleCapabilities()).containsKey("service-status");

        // a role file broken later makes the directory invalid, with the file and key named
        Files.writeString(home.resolve("roles/service-status.toml"), ROLE.replace("^[a-z0-9@._-]+", "[a-z"));
        Run check = CliTest.run(null, "endpoint", "list", "--home", home.toString());
        assertThat(check.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(check.err()).contains("service-status.toml").contains("pattern").hasLineCount(1);
    }

    @Test
    void aPowerShellEndpointNamesItsPwsh(@TempDir Path home) throws Exception {
        Run ok = CliTest.run(null, "endpoint", "register", "Microsoft.PowerShell", "--kind", "powershell", "--pwsh",
                "/opt/microsoft/powershell/7/pwsh", "--home", home.toString());
        assertThat(ok.exit()).as(ok.err()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("http://schemas.microsoft.com/powershell/Microsoft.PowerShell");
        String file = Files.readString(home.resolve("endpoints/Microsoft.PowerShell.toml"));
        assertThat(file).contains("kind = \"powershell\"").contains("pwsh = \"/opt/microsoft/powershell/7/pwsh\"");
        Run capabilities = CliTest.run(null, "endpoint", "capabilities", "--user", "root", "--endpoint",
                "Microsoft.PowerShell", "--home", home.toString());
        assertThat(capabilities.out()).as(capabilities.err()).contains("Microsoft.PowerShell (powershell): admitted")
                .containsAnyOf("PowerShell: pwsh -s from /opt/microsoft/powershell/7/pwsh",
                        "PowerShell: /opt/microsoft/powershell/7/pwsh is not an executable file");
        Run wrongKind = CliTest.run(null, "endpoint", "register", "y", "--pwsh", "/usr/bin/pwsh", "--home",
                home.toString());
        assertThat(wrongKind.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrongKind.err()).contains("only for kind = powershell").hasLineCount(1);
    }

    @Test
    void capabilitiesSayWhyMicrosoftPowerShellIsAbsent(@TempDir Path home) {
        Assumptions.assumeTrue(PwshEngineFactory.find().isEmpty(), "pwsh is installed here");
        Run r = CliTest.run(null, "endpoint", "capabilities", "--user", "root", "--home", home.toString());
        assertThat(r.out()).as(r.err()).contains("Microsoft.PowerShell (powershell): absent - pwsh is not installed")
                .contains("apt-get install powershell");
    }

    @Test
    void badInputIsAOneLineError(@TempDir Path home) {
        Run badName = CliTest.run(null, "endpoint", "register", "no/slash", "--home", home.toString());
        assertThat(badName.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).contains("endpoint name 'no/slash'").hasLineCount(1);
        Run badPrincipal = CliTest.run(null, "endpoint", "register", "x", "--allow", "ops", "--home",
                home.toString());
        assertThat(badPrincipal.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badPrincipal.err()).contains("'ops' is not a principal").hasLineCount(1);
        Run badKind = CliTest.run(null, "endpoint", "register", "x", "--kind", "bash", "--home",
                home.toString());
        assertThat(badKind.err()).contains("kind must be shell, login, restricted or powershell").hasLineCount(1);
        Run badRunAs = CliTest.run(null, "endpoint", "register", "x", "--run-as", "root", "--home",
                home.toString());
        assertThat(badRunAs.err()).contains("run_as must be caller, account:NAME or temporary").hasLineCount(1);
        Run capabilities = CliTest.run(null, "endpoint", "capabilities", "--user", "no-such-user-xyz", "--home",
                home.toString());
        assertThat(capabilities.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(capabilities.err()).isEqualTo("openwinrm: no OS account named no-such-user-xyz\n");
    }

    @Test
    void capabilitiesShowWhatAUserMayRun(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("roles"));
        Files.writeString(home.resolve("roles/service-status.toml"), ROLE);
        assertThat(CliTest.run(null, "endpoint", "register", "svc", "--kind", "restricted", "--allow", "everyone",
                "--role", "administrators=service-status", "--home", home.toString()).exit()).isZero();
        Run root = CliTest.run(null, "endpoint", "capabilities", "--user", "root", "--home", home.toString());
        assertThat(root.exit()).as(root.err()).isZero();
        assertThat(root.out()).contains("cmd (shell): admitted - allowed by administrators")
                .contains("svc (restricted): admitted - allowed by everyone")
                .contains("roles: service-status").contains("/usr/bin/systemctl status");
        Run nobody = CliTest.run(null, "endpoint", "capabilities", "--user", "nobody", "--home", home.toString());
        assertThat(nobody.out()).contains("cmd (shell): refused - not in the endpoint's access list")
                .contains("svc (restricted): admitted").contains("roles: none (nothing may run)");

        // --json: the same facts for scripts
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var caps = json.readTree(CliTest.run(null, "endpoint", "capabilities", "--user", "root", "--endpoint", "svc",
                "--json", "--home", home.toString()).out());
        assertThat(caps.get(0).get("admitted").asBoolean()).isTrue();
        assertThat(caps.get(0).get("roles").get(0).asText()).isEqualTo("service-status");
        assertThat(caps.get(0).get("commands").toString()).contains("/usr/bin/systemctl status");
        var list = json.readTree(CliTest.run(null, "endpoint", "list", "--json", "--home", home.toString()).out());
        assertThat(list.findValuesAsText("name")).contains("cmd", "svc");
        var show = json.readTree(CliTest.run(null, "endpoint", "show", "svc", "--json", "--home", home.toString())
                .out());
        assertThat(show.get("kind").asText()).isEqualTo("restricted");
        assertThat(show.get("roles").get(0).get("principal").asText()).isEqualTo("administrators");
        assertThat(show.get("resource_uris").toString()).contains("http://schemas.microsoft.com/powershell/svc");
    }
}
