package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.os.LinuxTemporaryAccounts;
import io.openwinrm.os.PosixAccounts;
import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.JsonLinesAuditLog;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.testkit.OsUsers;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * As root with isolation on: each caller's runspace pool is a pwsh (here the psrpcore stand-in) running as the
 * caller's own OS account, and another user neither sees nor reaches it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PypsrpPowerShellIsolationInteropTest {

    private final OsUsers users = new OsUsers();
    private final String alice = users.name("owpsa");
    private final String bob = users.name("owpsb");
    private final String password = "Pw-" + users.name("x") + "-psrp";
    private TestServer server;
    private String python;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(new PosixAccounts().canSwitchUsers(), "needs root: creates OS accounts and switches to them");
        Peer.Location.Found pywinrm = PeerRequirement.require(Peer.PYWINRM);
        python = pywinrm.command().get(0);
        PypsrpPowerShellInteropTest.require(DriverRunner.run(List.of(python, "-c", "import pypsrp.powershell, "
                + "psrpcore"), null, Duration.ofSeconds(60)).exitCode() == 0, "pypsrp and psrpcore are not "
                + "importable by " + python);
        users.user(alice);
        users.user(bob);
        DriverResult usable = DriverRunner.run(List.of("runuser", "-u", alice, "--", python, "-c", "import psrpcore"),
                null, Duration.ofSeconds(60));
        assumeTrue(usable.exitCode() == 0, python + " cannot run psrpcore as another account (a virtualenv made from "
                + "a Python under a private home?): the stand-in would not start; " + usable.stderr().strip());
        work = Files.createTempDirectory("openwinrm-pwsh-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path pids = Files.createFile(work.resolve("pids"));
        Files.setPosixFilePermissions(pids, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path pwsh = PypsrpPowerShellInteropTest.wrapper(work, PypsrpPowerShellInteropTest.standIn(python, work));
        String allow = "[access]\nallow = [\"user:" + alice + "\", \"user:" + bob + "\"]\n";
        Endpoint ps = new Endpoint(Endpoint.POWERSHELL_NAME, "", Endpoint.uris(Endpoint.POWERSHELL_NAME),
                EndpointKind.POWERSHELL, AccessList.parse(List.of("user:" + alice, "user:" + bob), List.of()),
                new RunAs.Caller(), ResourceLimits.NONE, Optional.empty(), RoleDefinitions.NONE, Map.of(), false,
                Optional.of(pwsh));
        server = TestServer.start(TestServer.Options.defaults()
                .account(alice, password).account(bob, password)
                .security("isolation = \"on\"\naudit_log = \"audit.jsonl\"\n")
                .file("endpoints/cmd.toml", "kind = \"shell\"\n")
                .file("endpoints/" + Endpoint.POWERSHELL_NAME + ".toml", "kind = \"powershell\"\npwsh = \"" + pwsh
                        + "\"\n" + allow)
                .access(home -> new AccessControl(EndpointRegistry.of(List.of(Endpoint.defaultShell(), ps)),
                        new CallerResolver(new PosixAccounts(), IsolationMode.ON),
                        Optional.of(new LinuxTemporaryAccounts()), new JsonLinesAuditLog(home.resolve("audit.jsonl")))));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        users.close();
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private DriverResult as(String user, String... scenario) throws Exception {
        List<String> argv = new ArrayList<>(List.of(python, Peer.baseDir().resolve("pypsrp/psrp.py").toString(),
                "--endpoint", server.httpsEndpoint().toString(), "--user", user, "--ca-file",
                server.caCertificatePem().toString()));
        argv.addAll(Arrays.asList(scenario));
        DriverResult r = DriverRunner.run(argv, password, Duration.ofSeconds(120));
        assertThat(r.exitCode()).as("psrp.py exit%s", r.describe()).isZero();
        return r;
    }

    @Test
    void eachCallersPwshRunsAsTheirOwnAccount() throws Exception {
        assertThat(as(alice, "script", "__whoami__").field("output")).isEqualTo(List.of(alice));
        assertThat(as(bob, "script", "__whoami__").field("output")).isEqualTo(List.of(bob));
    }

    @Test
    void anotherUserNeitherSeesNorReachesThePool() throws Exception {
        ProcessBuilder holder = new ProcessBuilder(List.of(python, Peer.baseDir().resolve("pypsrp/psrp.py").toString(),
                "--endpoint", server.httpsEndpoint().toString(), "--user", alice, "--ca-file",
                server.caCertificatePem().toString(), "hold", "__whoami__"));
        holder.environment().put("OPENWINRM_PASSWORD", password);
        holder.environment().put("NO_PROXY", "127.0.0.1,localhost");
        PoolIsolationCheck.anotherUserCannotReachThePool(holder, scenario -> as(bob, scenario), List.of(alice));
    }
}
