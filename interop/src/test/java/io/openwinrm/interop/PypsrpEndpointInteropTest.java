package io.openwinrm.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * pypsrp (PyPI), the Python client that can choose a shell's resource URI as PowerShell's -ConfigurationName does,
 * against a restricted (JEA-style) endpoint: allowed commands run directly, anything else is w:AccessDenied (code 5)
 * naming the rule, client environment is refused, and the default endpoint stays the cmd shell. Runs as any user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PypsrpEndpointInteropTest {

    private static final String SVC = Endpoint.OPENWINRM_PREFIX + "svc";
    private static final String ECHO_WORDS = """
            [[command]]
            program = "/usr/bin/echo"
              [[command.positional]]
              name = "word"
              pattern = "^[a-z]{1,20}$"
            """;

    private TestServer server;
    private List<String> python;

    @BeforeAll
    void start() throws Exception {
        Peer.Location.Found pywinrm = PeerRequirement.require(Peer.PYWINRM);
        python = List.of(pywinrm.command().get(0), Peer.baseDir().resolve("pypsrp/winrs.py").toString());
        DriverResult probe = DriverRunner.run(List.of(python.get(0), "-c", "import pypsrp.shell"), null,
                Duration.ofSeconds(60));
        if (probe.exitCode() != 0) {
            String message = "pypsrp is not importable by " + python.get(0) + " (bin/run-tests installs it)";
            if (PeerRequirement.required()) {
                throw new AssertionError(message);
            }
            org.junit.jupiter.api.Assumptions.abort(message);
        }
        RoleCapability echo = RoleCapabilityFile.parse("echo-words", ECHO_WORDS);
        server = TestServer.start(TestServer.Options.defaults()
                .security("isolation = \"off\"\naudit_log = \"audit.jsonl\"\n")
                .file("endpoints/cmd.toml", "kind = \"shell\"\n")
                .file("endpoints/svc.toml", "description = \"JEA\"\nkind = \"restricted\"\n[[role]]\n"
                        + "principal = \"administrators\"\ncapabilities = [\"echo-words\"]\n")
                .file("roles/echo-words.toml", ECHO_WORDS)
                .access(home -> new AccessControl(
                EndpointRegistry.of(List.of(Endpoint.defaultShell(), new Endpoint("svc", "JEA", Endpoint.uris("svc"),
                        EndpointKind.RESTRICTED, AccessList.DEFAULT, new RunAs.Caller(), ResourceLimits.NONE,
                        Optional.empty(), new RoleDefinitions(Map.of(new Principal.Administrators(),
                                List.of("echo-words"))), Map.of("echo-words", echo)))),
                new CallerResolver(new ServerAccount(), IsolationMode.OFF), Optional.empty(),
                new JsonLinesAuditLog(home.resolve("audit.jsonl")))));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private DriverResult winrs(List<String> options, String... command) throws Exception {
        List<String> argv = new ArrayList<>(python);
        argv.addAll(List.of("--endpoint", server.httpsEndpoint().toString(), "--user", server.user(),
                "--ca-file", server.caCertificatePem().toString()));
        argv.addAll(options);
        argv.add("--");
        argv.addAll(Arrays.asList(command));
        DriverResult r = DriverRunner.run(argv, server.password(), Duration.ofSeconds(90));
        assertThat(r.exitCode()).as("winrs.py exit%s", r.describe()).isZero();
        return r;
    }

    @Test
    void anAllowedCommandRunsDirectlyOnTheRestrictedEndpoint() throws Exception {
        DriverResult r = winrs(List.of("--resource-uri", SVC), "echo", "hello");
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo("hello\n");
        assertThat(r.longField("rc")).isZero();
    }

    @Test
    void everythingElseIsAccessDeniedNamingTheRule() throws Exception {
        for (List<String> attempt : List.of(List.of("echo", "hello;id"), List.of("echo", "$(id)"),
                List.of("sh", "-c", "id"), List.of("echo", "--help"), List.of("/usr/bin/../bin/echo", "hi"))) {
            DriverResult r = winrs(List.of("--resource-uri", SVC), attempt.toArray(String[]::new));
            assertThat(r.stringField("error_type")).as(attempt + r.describe()).isEqualTo("WSManFaultError");
            assertThat(r.stringField("wsman_code")).as(attempt.toString()).isEqualTo("5");
        }
        assertThat(Files.readString(server.home().resolve("audit.jsonl")))
                .contains("\"endpoint\":\"svc\"", "\"decision\":\"refused\"", "\"reason\":\"role echo-words: ");
    }

    @Test
    void clientEnvironmentIsRefusedOnTheRestrictedEndpoint() throws Exception {
        DriverResult r = winrs(List.of("--resource-uri", SVC, "--env", "LD_PRELOAD=/tmp/x.so"), "echo", "hi");
        assertThat(r.stringField("wsman_code")).as(r.describe()).isEqualTo("5");
    }

    @Test
    void theDefaultEndpointIsStillTheCmdShell() throws Exception {
        DriverResult r = winrs(List.of(), "echo", "a;", "echo", "b");
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo("a\nb\n");
    }
}
