package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.Principal;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.restrict.RoleCapability;
import io.openwinrm.policy.restrict.RoleCapabilityFile;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.JsonLinesAuditLog;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.identity.ServerAccount;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12's native restricted engine with an unmodified PowerShell Remoting client: pypsrp 0.9.1's
 * {@code RunspacePool} + {@code PowerShell} (through {@code pypsrp/psrp.py}) with {@code configuration_name} = a
 * restricted endpoint, on a host without PowerShell. {@code $PSVersionTable} comes from OpenWinRM, Get-Command lists
 * exactly what the role allows (and JEA's default commands), an allowed program runs with its output as strings and
 * its exit code, refusals are error records naming the rule and run nothing, and a stop kills a long program. Both
 * server modes (in this JVM and the privilege-separated {@code serve}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PypsrpRestrictedEngineInteropTest {

    private static final String ROLE = """
            [[command]]
            program = "/usr/bin/echo"
              [[command.positional]]
              name = "word"
              pattern = "^[a-z]{1,20}$"

            [[command]]
            program = "/usr/bin/sleep"
              [[command.positional]]
              name = "seconds"
              pattern = "^[0-9]{1,3}$"

            [[command]]
            program = "/usr/bin/false"

            [[command]]
            program = "/usr/bin/seq"
              [[command.positional]]
              name = "last"
              pattern = "^[0-9]{1,3}$"
            """;

    private static final String OTHER_USER = "mallory";
    private static final String OTHER_PASSWORD = "pw-other-Jz8qW4k";

    private TestServer server;
    private String python;

    @BeforeAll
    void start() throws Exception {
        Peer.Location.Found pywinrm = PeerRequirement.require(Peer.PYWINRM);
        python = pywinrm.command().get(0);
        if (DriverRunner.run(List.of(python, "-c", "import pypsrp.powershell"), null, Duration.ofSeconds(60))
                .exitCode() != 0) {
            String message = "pypsrp is not importable by " + python + " (bin/run-tests installs it)";
            if (PeerRequirement.required()) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        RoleCapability role = RoleCapabilityFile.parse("ops", ROLE);
        server = TestServer.start(TestServer.Options.defaults()
                .account(OTHER_USER, OTHER_PASSWORD)
                .security("isolation = \"off\"\naudit_log = \"audit.jsonl\"\n")
                .file("endpoints/cmd.toml", "kind = \"shell\"\n")
                .file("endpoints/jea.toml", "description = \"JEA\"\nkind = \"restricted\"\n[[role]]\n"
                        + "principal = \"administrators\"\ncapabilities = [\"ops\"]\n")
                .file("roles/ops.toml", ROLE)
                .access(home -> new AccessControl(EndpointRegistry.of(List.of(Endpoint.defaultShell(),
                        new Endpoint("jea", "JEA", Endpoint.uris("jea"), EndpointKind.RESTRICTED, AccessList.DEFAULT,
                                new RunAs.Caller(), ResourceLimits.NONE, Optional.empty(),
                                new RoleDefinitions(Map.of(new Principal.Administrators(), List.of("ops"))),
                                Map.of("ops", role)))),
                        new CallerResolver(new ServerAccount(), IsolationMode.OFF), Optional.empty(),
                        new JsonLinesAuditLog(home.resolve("audit.jsonl")))));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private DriverResult psrp(String... scenario) throws Exception {
        return as(server.user(), server.password(), scenario);
    }

    private DriverResult as(String user, String password, String... scenario) throws Exception {
        DriverResult r = DriverRunner.run(argv(user, scenario), password, Duration.ofSeconds(120));
        assertThat(r.exitCode()).as("psrp.py exit%s", r.describe()).isZero();
        return r;
    }

    private List<String> argv(String user, String... scenario) {
        List<String> argv = new ArrayList<>(List.of(python, Peer.baseDir().resolve("pypsrp/psrp.py").toString(),
                "--endpoint", server.httpsEndpoint().toString(), "--user", user, "--ca-file",
                server.caCertificatePem().toString(), "--configuration-name", "jea"));
        argv.addAll(Arrays.asList(scenario));
        return argv;
    }

    /** Another user neither sees the first user's pool nor can receive from it; its owner still uses it. */
    @Test
    void anotherUserCannotReachThePool() throws Exception {
        ProcessBuilder holder = new ProcessBuilder(argv(server.user(), "hold", "echo held"));
        holder.environment().put("OPENWINRM_PASSWORD", server.password());
        PoolIsolationCheck.anotherUserCannotReachThePool(holder, scenario -> as(OTHER_USER, OTHER_PASSWORD, scenario),
                List.of("held"));
    }

    @Test
    void psVersionTableIsThisServers() throws Exception {
        DriverResult r = psrp("version");
        @SuppressWarnings("unchecked")
        Map<String, Object> table = (Map<String, Object>) r.field("table");
        assertThat(table).as(r.describe()).containsKeys("PSVersion", "PSRemotingProtocolVersion");
        assertThat(String.valueOf(table.get("PSEdition"))).isEqualTo("OpenWinRM");
    }

    @Test
    void getCommandListsWhatTheRoleAllows() throws Exception {
        DriverResult r = psrp("cmdlet", "Get-Command");
        assertThat(r.field("had_errors")).as(r.describe()).isEqualTo(false);
        String listed = r.field("output").toString();
        assertThat(listed).contains("echo", "sleep", "false", "Get-Command", "Exit-PSSession", "Select-Object",
                "Measure-Object").doesNotContain("/usr/bin/id", "Invoke-Expression");
    }

    /** What Enter-PSSession asks on Tab, sent by pypsrp as a cmdlet with parameters: only what the role allows. */
    @Test
    void tabExpansion2CompletesWhatTheRoleAllows() throws Exception {
        DriverResult r = psrp("cmdlet", "TabExpansion2", "inputScript=Get-Co", "cursorColumn=6");
        assertThat(r.field("had_errors")).as(r.describe()).isEqualTo(false);
        String out = r.field("output").toString();
        assertThat(out).as(r.describe()).contains("ReplacementIndex=0", "ReplacementLength=6", "Get-Command")
                .doesNotContain("Get-Help");
        DriverResult programs = psrp("cmdlet", "TabExpansion2", "inputScript=ech", "cursorColumn=3");
        assertThat(programs.field("output").toString()).as(programs.describe()).contains("echo");
    }

    /** A hostile cursor (before the start, far past the end) and a long input: clamped and bounded, never a crash. */
    @Test
    void tabExpansion2ClampsAHostileCursorAndInput() throws Exception {
        DriverResult before = psrp("cmdlet", "TabExpansion2", "inputScript=Get-Co", "cursorColumn=-7");
        assertThat(before.field("had_errors")).as(before.describe()).isEqualTo(false);
        assertThat(before.field("output").toString()).contains("ReplacementIndex=0", "ReplacementLength=6",
                "Get-Command", "Select-Object");
        DriverResult past = psrp("cmdlet", "TabExpansion2", "inputScript=Get-Co", "cursorColumn=999999999");
        assertThat(past.field("had_errors")).as(past.describe()).isEqualTo(false);
        assertThat(past.field("output").toString()).contains("ReplacementIndex=0", "Get-Command")
                .doesNotContain("Get-Help");
        DriverResult longInput = psrp("cmdlet", "TabExpansion2", "inputScript=" + "e".repeat(100_000),
                "cursorColumn=100000");
        assertThat(longInput.field("had_errors")).as(longInput.describe()).isEqualTo(false);
        assertThat(longInput.field("output").toString()).contains("ReplacementLength=100000")
                .doesNotContain("echo");
        assertThat(psrp("script", "echo alive").field("output")).isEqualTo(List.of("alive"));
    }

    @Test
    void anAllowedProgramRunsWithItsOutputAndExitCode() throws Exception {
        DriverResult ok = psrp("script", "echo hello");
        assertThat(ok.field("output")).as(ok.describe()).isEqualTo(List.of("hello"));
        assertThat(ok.field("had_errors")).isEqualTo(false);
        assertThat(ok.stringField("state")).isEqualTo("Completed");

        DriverResult failed = psrp("script", "false");
        assertThat(failed.stringField("state")).as(failed.describe()).isEqualTo("Completed");
        assertThat(failed.field("errors").toString()).contains("non-zero exit code: 1");
        assertThat(Files.readString(server.home().resolve("audit.jsonl"))).contains("\"endpoint\":\"jea\"");
    }

    @Test
    void refusalsNameTheRuleAndRunNothing() throws Exception {
        Map<String, String> attempts = Map.of(
                "$x = 1", "variable references are not allowed",
                "echo hello; echo again", "only one pipeline per script is allowed",
                "& { echo hello }", "not allowed",
                "id", "The term 'id' is not recognized",
                "echo HELLO1", "does not match ^[a-z]{1,20}$ (role ops: /usr/bin/echo)");
        for (Map.Entry<String, String> a : attempts.entrySet()) {
            DriverResult r = psrp("script", a.getKey());
            assertThat(r.field("had_errors")).as(a.getKey() + r.describe()).isEqualTo(true);
            assertThat(r.field("output")).as(a.getKey()).isEqualTo(List.of());
            assertThat(r.stringField("state")).as(a.getKey()).isEqualTo("Failed");
            assertThat(r.field("errors").toString()).as(a.getKey() + r.describe()).contains(a.getValue());
        }
    }

    @Test
    void aPoolSurvivesDisconnectAndReconnect() throws Exception {
        DriverResult r = psrp("reconnect", "echo again");
        assertThat(r.field("output")).as(r.describe()).isEqualTo(List.of("again"));
    }

    /**
     * A pipeline started, the pool disconnected; a second client (another WS-Man session of the same user) finds the
     * pool, connects to it and to the pipeline, gets its output buffered meanwhile and runs one more.
     */
    @Test
    void anotherClientOfTheSameUserTakesOverADisconnectedPool() throws Exception {
        DriverResult r = psrp("connect-new", "seq 3", "echo second");
        assertThat(r.field("found")).as(r.describe()).isEqualTo(true);
        assertThat(r.field("output")).as(r.describe()).isEqualTo(List.of("1", "2", "3", "second"));
    }

    @Test
    void aStopKillsALongProgram() throws Exception {
        DriverResult r = psrp("stop-script", "sleep 60");
        assertThat(r.field("stopped")).as(r.describe()).isEqualTo(true);
        assertThat(((Number) r.field("elapsed")).doubleValue()).isLessThan(30);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.liveProcessCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.liveProcessCount()).isZero();
    }
}
