package io.openwinrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.client.Command;
import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.os.LinuxTemporaryAccounts;
import io.openwinrm.os.PosixAccounts;
import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.Principal;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.restrict.RoleCapability;
import io.openwinrm.policy.restrict.RoleCapabilityFile;
import io.openwinrm.protocol.shell.SignalCode;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.JsonLinesAuditLog;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.server.endpoint.RunAs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 end to end, as root: real OS accounts made with useradd, a server that runs every command as the caller's
 * account, endpoints with access lists, run-as, temporary accounts, a restricted endpoint and OS-enforced limits,
 * driven through our client over HTTPS + Basic. Skipped (with the reason) when not root.
 */
class IsolationTest {

    private static final String SUFFIX = Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 16);
    private static final String ADMIN = "owadm" + SUFFIX;
    private static final String USER = "owusr" + SUFFIX;
    private static final String SERVICE = "owsvc" + SUFFIX;
    private static final String OPS = "owops" + SUFFIX;
    private static final String PASSWORD = "pw-" + SUFFIX + "-Isolation1";
    private static final List<String> CREATED_USERS = new ArrayList<>();
    /** Root's, not under /tmp: the server refuses transcript directories others may write to (or above). */
    private static final Path TRANSCRIPTS = Path.of("/run", "openwinrm-test-" + SUFFIX, "transcripts");

    private static TestServer server;
    private static Endpoint https;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(new PosixAccounts().canSwitchUsers(), "needs root (creates OS users and switches to them)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")), "needs useradd");
        os("groupadd", OPS);
        useradd(ADMIN, "sudo");
        useradd(USER, OPS);
        useradd(SERVICE, null);
        RoleCapability status = RoleCapabilityFile.parse("service-status", """
                description = "Inspect services"
                [[command]]
                program = "/usr/bin/systemctl"
                fixed = ["status"]
                  [[command.flag]]
                  name = "--lines"
                  value = true
                  pattern = "^[0-9]{1,3}$"
                  [[command.positional]]
                  name = "unit"
                  pattern = "^[a-zA-Z0-9@._-]+\\\\.service$"
                  max_length = 64
                [[command]]
                program = "/usr/bin/id"
                any_arguments = true
                """);
        server = TestServer.start(TestServer.Options.defaults()
                .account(ADMIN, PASSWORD).account(USER, PASSWORD)
                .access(home -> {
                    io.openwinrm.server.endpoint.Endpoint cmd = io.openwinrm.server.endpoint.Endpoint.defaultShell();
                    List<io.openwinrm.server.endpoint.Endpoint> endpoints = List.of(cmd,
                            endpoint("wide", EndpointKind.SHELL, AccessList.DEFAULT.withAllowed(
                                    List.of(new Principal.Group(OPS))), new RunAs.Caller(), ResourceLimits.NONE,
                                    RoleDefinitions.NONE, Map.of(), Optional.empty()),
                            endpoint("loginwide", EndpointKind.LOGIN, AccessList.DEFAULT.withAllowed(
                                    List.of(new Principal.Group(OPS))), new RunAs.Caller(), ResourceLimits.NONE,
                                    RoleDefinitions.NONE, Map.of(), Optional.empty()),
                            endpoint("svc", EndpointKind.RESTRICTED, AccessList.DEFAULT.withAllowed(
                                    List.of(new Principal.Group(OPS))), new RunAs.Caller(), ResourceLimits.NONE,
                                    new RoleDefinitions(Map.of(new Principal.Group(OPS), List.of("service-status"))),
                                    Map.of("service-status", status), Optional.of(TRANSCRIPTS)),
                            endpoint("runas", EndpointKind.SHELL, new AccessList(List.of(new Principal.Everyone()),
                                    List.of()), new RunAs.Account(SERVICE), ResourceLimits.NONE,
                                    RoleDefinitions.NONE, Map.of(), Optional.empty()),
                            endpoint("temp", EndpointKind.SHELL, new AccessList(List.of(new Principal.Everyone()),
                                    List.of()), new RunAs.Temporary(List.of(OPS)), ResourceLimits.NONE,
                                    RoleDefinitions.NONE, Map.of(), Optional.empty()),
                            endpoint("limited", EndpointKind.SHELL, new AccessList(List.of(
                                    new Principal.Everyone()), List.of()), new RunAs.Caller(),
                                    new ResourceLimits(8, 64, Optional.of(Duration.ofSeconds(2))),
                                    RoleDefinitions.NONE, Map.of(), Optional.empty()));
                    return new AccessControl(EndpointRegistry.of(endpoints),
                            new CallerResolver(new PosixAccounts(), IsolationMode.ON),
                            Optional.of(new LinuxTemporaryAccounts()),
                            new JsonLinesAuditLog(home.resolve("audit.jsonl")));
                }));
        https = Endpoint.parse(server.httpsEndpoint().toString(), false);
    }

    private static io.openwinrm.server.endpoint.Endpoint endpoint(String name, EndpointKind kind, AccessList access,
            RunAs runAs, ResourceLimits limits, RoleDefinitions roles, Map<String, RoleCapability> capabilities,
            Optional<Path> transcripts) {
        return new io.openwinrm.server.endpoint.Endpoint(name, name, io.openwinrm.server.endpoint.Endpoint.uris(name),
                kind, access, runAs, limits, transcripts, roles, capabilities);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (String u : CREATED_USERS) {
            os("pkill", "-KILL", "-u", u);
            os("userdel", "-r", u);
        }
        os("groupdel", OPS);
        os("rm", "-rf", TRANSCRIPTS.getParent().toString());
    }

    private static void useradd(String name, String group) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("useradd", "-m", "-s", "/bin/bash"));
        if (group != null) {
            cmd.addAll(List.of("-G", group));
        }
        cmd.add(name);
        assertThat(os(cmd.toArray(String[]::new))).as("useradd " + name).isZero();
        CREATED_USERS.add(name);
    }

    private static int os(String... argv) throws IOException, InterruptedException {
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    private static WinRmClient client(String user) {
        return WinRmClient.builder().credentials(Credentials.basic(user, PASSWORD.toCharArray()))
                .pinCertificateSha256(server.certificateSha256()).operationTimeout(Duration.ofSeconds(5)).build();
    }

    private static CommandResult run(String user, String endpoint, String command) {
        try (Shell shell = client(user).openShell(https, ShellOptions.DEFAULT.withEndpoint(endpoint))) {
            return shell.run(command, List.of());
        }
    }

    private static String uid(String user) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u", user).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    private static String audit() throws IOException {
        return Files.readString(server.home().resolve("audit.jsonl"));
    }

    @Test
    void commandsRunAsTheCallersOwnAccountWithACleanEnvironment() throws Exception {
        CommandResult r = run(ADMIN, "cmd", "id -u; id -un; echo $HOME; pwd; env | sort | cut -d= -f1 | tr '\\n' ' '");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.stdoutText().lines().toList();
        assertThat(lines.get(0)).isEqualTo(uid(ADMIN));
        assertThat(lines.get(1)).isEqualTo(ADMIN);
        assertThat(lines.get(2)).isEqualTo("/home/" + ADMIN);
        assertThat(lines.get(3)).isEqualTo("/home/" + ADMIN);
        assertThat(lines.get(4).strip().split(" ")).doesNotContain("JAVA_HOME", "MAVEN_HOME", "OLDPWD")
                .contains("HOME", "PATH", "USER", "LOGNAME", "SHELL", "LANG");
    }

    @Test
    void anOrdinaryUserIsRefusedOnTheDefaultEndpointAndAdmittedOnAWidenedOne() throws Exception {
        assertThatThrownBy(() -> run(USER, "cmd", "id -u"))
                .isInstanceOf(WinRmFaultException.class)
                .hasMessageContaining("Access is denied")
                .hasMessageContaining("not in the endpoint's access list");
        CommandResult r = run(USER, "wide", "id -u");
        assertThat(r.stdoutText().strip()).isEqualTo(uid(USER));
        assertThat(audit()).contains("\"event\":\"access\",\"user\":\"" + USER + "\"")
                .contains("\"endpoint\":\"cmd\"", "\"decision\":\"refused\"");
    }

    @Test
    void anotherUserCannotReceiveSignalOrDeleteTheAdministratorsShell() throws Exception {
        WinRmClient admin = client(ADMIN);
        try (Shell shell = admin.openShell(https, ShellOptions.DEFAULT.withEndpoint("wide"))) {
            Command sleeping = shell.execute("sleep 30", List.of());
            Shell stolen = client(USER).attachShell(https, shell.shellId());
            assertThatThrownBy(() -> stolen.command(sleeping.commandId()).receive())
                    .isInstanceOf(WinRmFaultException.class).hasMessageContaining("InvalidSelectors");
            assertThatThrownBy(() -> stolen.command(sleeping.commandId()).signal(SignalCode.TERMINATE))
                    .isInstanceOf(WinRmFaultException.class);
            assertThatThrownBy(stolen::close).isInstanceOf(WinRmFaultException.class);
            assertThat(sleeping.isDone()).isFalse();
            sleeping.signal(SignalCode.TERMINATE);
        }
        // the OS agrees: the user cannot signal the administrator's processes either
        CommandResult r = run(USER, "wide", "kill -0 1 2>&1; echo rc=$?");
        assertThat(r.stdoutText()).contains("rc=1");
    }

    @Test
    void anOrdinaryUserSeesOnlyTheirOwnProcessesAnAdministratorSeesAll() throws Exception {
        WinRmClient admin = client(ADMIN);
        try (Shell shell = admin.openShell(https, ShellOptions.DEFAULT.withEndpoint("wide"))) {
            Command sleeping = shell.execute("sleep 30", List.of());
            CommandResult users = run(USER, "wide", "ps -e -o user= | sort -u; ls /proc | grep -c '^[0-9]'");
            List<String> lines = users.stdoutText().lines().toList();
            assertThat(lines.subList(0, lines.size() - 1)).containsExactly(USER);
            assertThat(Integer.parseInt(lines.get(lines.size() - 1))).isLessThan(10);
            CommandResult all = run(ADMIN, "wide", "ps -e -o user= | sort -u");
            assertThat(all.stdoutText().lines()).contains("root", ADMIN);
            // and the process table of the host itself is untouched
            assertThat(Files.list(Path.of("/proc")).filter(p -> p.getFileName().toString().matches("\\d+"))
                    .count()).isGreaterThan(10);
            sleeping.signal(SignalCode.TERMINATE);
        }
    }

    @Test
    void aLoginShellEndpointKeepsStateAsTheUser() throws Exception {
        try (Shell shell = client(USER).openShell(https, ShellOptions.DEFAULT.withEndpoint("loginwide"))) {
            assertThat(shell.run("cd /tmp && X=kept", List.of()).exitCode()).isZero();
            CommandResult r = shell.run("pwd; echo $X; id -u; ps -e -o user= | sort -u", List.of());
            assertThat(r.stdoutText().lines().toList()).containsExactly("/tmp", "kept", uid(USER), USER);
        }
    }

    @Test
    void restrictedEndpointRunsAllowedCommandsDirectlyAndRefusesEverythingElse() throws Exception {
        CommandResult ok = run(USER, "svc", "systemctl status --lines 5 cron.service");
        assertThat(ok.stderrText() + ok.stdoutText()).doesNotContain("Access is denied");
        CommandResult id = run(USER, "svc", "id -u");
        assertThat(id.stdoutText().strip()).isEqualTo(uid(USER));
        for (String attack : List.of("systemctl status cron.service; id", "systemctl status $(id).service",
                "systemctl status `id`.service", "/usr/bin/../bin/sh -c id", "../../bin/sh",
                "systemctl status --lines=5 cron.service", "systemctl status --lines 5 --lines 6 cron.service",
                "systemctl status -H host cron.service", "FOO=bar systemctl status cron.service",
                "env LD_PRELOAD=/tmp/x.so systemctl status cron.service", "systemctl status *.service",
                "sh -c id", "systemctl restart cron.service")) {
            assertThatThrownBy(() -> run(USER, "svc", attack)).as(attack)
                    .isInstanceOf(WinRmFaultException.class).hasMessageContaining("Access is denied")
                    .hasMessageContaining("does not allow this command");
        }
        assertThatThrownBy(() -> {
            try (Shell s = client(USER).openShell(https, ShellOptions.DEFAULT.withEndpoint("svc")
                    .withEnvironment("LD_PRELOAD", "/tmp/x.so"))) {
                s.run("id", List.of());
            }
        }).isInstanceOf(WinRmFaultException.class).hasMessageContaining("environment variables from the client");
        String audit = audit();
        assertThat(audit).contains("\"endpoint\":\"svc\"", "\"roles\":[\"service-status\"]",
                "\"argv\":[\"/usr/bin/systemctl\",\"status\",\"--lines\",\"5\",\"cron.service\"]",
                "\"decision\":\"refused\"");
        StringBuilder transcripts = new StringBuilder();
        try (var files = Files.list(TRANSCRIPTS)) {
            for (Path f : files.toList()) {
                transcripts.append(Files.readString(f));
            }
        }
        assertThat(transcripts).contains("User: " + USER, "Endpoint: svc (restricted)", "Roles: service-status",
                "/usr/bin/systemctl status --lines 5 cron.service", "REFUSED systemctl status cron.service; id");
    }

    @Test
    void runAsEndpointRunsAsTheServiceAccountAndAuditsTheCaller() throws Exception {
        CommandResult r = run(USER, "runas", "id -un");
        assertThat(r.stdoutText().strip()).isEqualTo(SERVICE);
        assertThat(audit()).contains("\"user\":\"" + USER + "\",\"client_ip\":\"127.0.0.1\",\"endpoint\":\"runas\","
                + "\"run_as\":\"" + SERVICE + "\"");
    }

    @Test
    void temporaryAccountExistsOnlyWhileTheShellIsOpen() throws Exception {
        String name;
        try (Shell shell = client(USER).openShell(https, ShellOptions.DEFAULT.withEndpoint("temp"))) {
            CommandResult r = shell.run("id -un; id -Gn", List.of());
            List<String> lines = r.stdoutText().lines().toList();
            name = lines.get(0);
            assertThat(name).startsWith("owva").contains(USER.substring(0, 5));
            assertThat(lines.get(1)).contains(OPS).doesNotContain("sudo");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (new PosixAccounts(Duration.ZERO, java.time.Clock.systemUTC()).find(name).isPresent()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(Path.of("/etc/passwd"))).doesNotContain(name + ":");
    }

    @Test
    void limitsAreEnforcedByTheOsAndReportedAsAFault() {
        assertThatThrownBy(() -> run(ADMIN, "limited", "sleep 20"))
                .isInstanceOf(WinRmFaultException.class).hasMessageContaining("deadline (2 s)");
        assertThatThrownBy(() -> run(ADMIN, "limited", "for i in $(seq 20); do sleep 3 & done; wait"))
                .isInstanceOf(WinRmFaultException.class).hasMessageContaining("MaxProcessesPerShell (8)");
        CommandResult fine = run(ADMIN, "limited", "echo fine");
        assertThat(fine.stdoutText()).isEqualTo("fine\n");
    }
}
