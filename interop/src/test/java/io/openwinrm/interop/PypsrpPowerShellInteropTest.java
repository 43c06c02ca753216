package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.openwinrm.server.identity.ServerAccount;
import io.openwinrm.server.psrp.pwsh.PwshEngineFactory;
import io.openwinrm.testkit.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * pypsrp 0.9.1's RunspacePool and PowerShell against a PowerShell endpoint (kind powershell) whose runspace pools are
 * {@code pwsh -s}: here a stand-in written with psrpcore 0.3.1's server side (interop/pwsh-standin), which speaks the
 * same out-of-process framing, so every PSRP byte the client reads was written by psrpcore and passed through the
 * bridge unchanged. Objects round-trip, Ctrl+C stops a pipeline, a throwing pipeline fails with its error record,
 * Delete ends the child, another user cannot reach the pool, and a child that dies, writes garbage or floods ends its
 * shell with the reason while the server carries on. {@link PypsrpRealPwshInteropTest} runs the same against a real
 * {@code pwsh} where one is installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PypsrpPowerShellInteropTest {

    static final String OTHER_USER = "mallory";
    static final String OTHER_PASSWORD = "pw-other-Rt5nQ2x";

    private TestServer server;
    private String python;
    private Path work;
    private Path pids;

    /** The command the endpoint's pwsh runs: the stand-in by default. */
    String pwsh(String python, Path work) throws Exception {
        return standIn(python, work);
    }

    /** Whether the engine is the stand-in (its test commands __die__ and friends exist). */
    boolean standIn() {
        return true;
    }

    @BeforeAll
    void start() throws Exception {
        Peer.Location.Found pywinrm = PeerRequirement.require(Peer.PYWINRM);
        python = pywinrm.command().get(0);
        require(DriverRunner.run(List.of(python, "-c", "import pypsrp.powershell, psrpcore"), null,
                Duration.ofSeconds(60)).exitCode() == 0, "pypsrp and psrpcore are not importable by " + python
                + " (bin/run-tests installs them from interop/pywinrm/requirements.txt)");
        work = Files.createTempDirectory("openwinrm-pwsh-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        pids = work.resolve("pids");
        Path pwsh = wrapper(work, pwsh(python, work));
        String endpointFile = "kind = \"powershell\"\npwsh = \"" + pwsh + "\"\n";
        Endpoint ps = new Endpoint(Endpoint.POWERSHELL_NAME, "", Endpoint.uris(Endpoint.POWERSHELL_NAME),
                EndpointKind.POWERSHELL, AccessList.DEFAULT, new RunAs.Caller(), ResourceLimits.NONE,
                Optional.empty(), RoleDefinitions.NONE, Map.of(), false, Optional.of(pwsh));
        server = TestServer.start(TestServer.Options.defaults()
                .account(OTHER_USER, OTHER_PASSWORD)
                .security("isolation = \"off\"\naudit_log = \"audit.jsonl\"\n")
                .file("endpoints/cmd.toml", "kind = \"shell\"\n")
                .file("endpoints/" + Endpoint.POWERSHELL_NAME + ".toml", endpointFile)
                .access(home -> new AccessControl(EndpointRegistry.of(List.of(Endpoint.defaultShell(), ps)),
                        new CallerResolver(new ServerAccount(), IsolationMode.OFF), Optional.empty(),
                        new JsonLinesAuditLog(home.resolve("audit.jsonl")))));
    }

    /** The stand-in run with {@code python}: {@code python pwsh_standin.py}, copied where every account reads it. */
    static String standIn(String python, Path work) throws Exception {
        Path script = Path.of(System.getProperty("openwinrm.interop.basedir", "."))
                .resolve("pwsh-standin/pwsh_standin.py").toAbsolutePath();
        Path copy = work.resolve("pwsh_standin.py");
        Files.copy(script, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return python + " " + copy;
    }

    /** The endpoint's {@code pwsh}: a wrapper that records its pid in {@code work/pids}, then runs {@code command}. */
    static Path wrapper(Path work, String command) throws Exception {
        Path wrapper = work.resolve("pwsh");
        Files.writeString(wrapper, "#!/bin/sh\necho $$ >> " + work.resolve("pids") + "\nexec " + command
                + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            if (PeerRequirement.required()) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
    }

    private List<String> argv(String user, String... scenario) {
        List<String> argv = new ArrayList<>(List.of(python,
                Peer.baseDir().resolve("pypsrp/psrp.py").toString(), "--endpoint",
                server.httpsEndpoint().toString(), "--user", user, "--ca-file",
                server.caCertificatePem().toString()));
        argv.addAll(Arrays.asList(scenario));
        return argv;
    }

    private DriverResult psrp(String... scenario) throws Exception {
        return as(server.user(), server.password(), scenario);
    }

    private DriverResult as(String user, String password, String... scenario) throws Exception {
        DriverResult r = DriverRunner.run(argv(user, scenario), password, Duration.ofSeconds(120));
        assertThat(r.exitCode()).as("psrp.py exit%s", r.describe()).isZero();
        return r;
    }

    @Test
    void objectsRoundTripUnchanged() throws Exception {
        DriverResult r = psrp("roundtrip");
        assertThat(r.field("had_errors")).as(r.describe()).isEqualTo(false);
        assertThat(r.field("got")).as(r.describe()).isEqualTo(r.field("sent"));
        assertThat(r.field("same")).as(r.describe()).isEqualTo(true);
    }

    @Test
    void objectsRoundTripOverNtlmSealedHttp() throws Exception {
        List<String> argv = new ArrayList<>(List.of(python, Peer.baseDir().resolve("pypsrp/psrp.py").toString(),
                "--endpoint", server.httpEndpoint().toString(), "--user", server.user(), "--auth", "ntlm",
                "roundtrip"));
        DriverResult r = DriverRunner.run(argv, server.password(), Duration.ofSeconds(120));
        assertThat(r.exitCode()).as("psrp.py exit%s", r.describe()).isZero();
        assertThat(r.field("same")).as(r.describe()).isEqualTo(true);
    }

    @Test
    void psVersionTableComesFromTheEngine() throws Exception {
        DriverResult r = psrp("version");
        @SuppressWarnings("unchecked")
        Map<String, Object> table = (Map<String, Object>) r.field("table");
        assertThat(table).as(r.describe()).containsKey("PSVersion");
        assertThat(r.stringField("ps_version")).startsWith("7.");
    }

    @Test
    void aCmdletWithParametersRuns() throws Exception {
        DriverResult r = psrp("cmdlet", "Write-Output", "InputObject=hello from pwsh");
        assertThat(r.field("output")).as(r.describe()).isEqualTo(List.of("hello from pwsh"));
        assertThat(r.stringField("state")).isEqualTo("Completed");
        assertThat(Files.readString(server.home().resolve("audit.jsonl")))
                .contains("\"event\":\"pipeline\"", "\"endpoint\":\"Microsoft.PowerShell\"",
                        "Write-Output -InputObject hello from pwsh");
    }

    @Test
    void ctrlCStopsALongPipeline() throws Exception {
        DriverResult r = psrp("stop", "60");
        assertThat(r.field("stopped")).as(r.describe()).isEqualTo(true);
        assertThat(((Number) r.field("elapsed")).doubleValue()).isLessThan(30);
    }

    @Test
    void aThrowingPipelineFailsWithItsErrorRecord() throws Exception {
        DriverResult r = psrp("script", "throw 'boom from the pipeline'");
        assertThat(r.field("had_errors")).as(r.describe()).isEqualTo(true);
        assertThat(r.field("errors").toString()).contains("boom from the pipeline");
        assertThat(r.stringField("state")).isEqualTo("Failed");
    }

    @Test
    void deleteClosesThePoolAndEndsTheChild() throws Exception {
        long before = Files.exists(pids) ? Files.readAllLines(pids).size() : 0;
        psrp("cmdlet", "Get-Date");
        List<String> lines = Files.readAllLines(pids);
        assertThat(lines.size()).isGreaterThan((int) before);
        long pid = Long.parseLong(lines.get(lines.size() - 1).strip());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("the pwsh of a deleted shell (pid %d) is gone", pid).isFalse();
        assertThat(server.shellCount()).isZero();
    }

    @Test
    void anotherUserCannotReachThePool() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv(server.user(), "hold"));
        pb.environment().put("OPENWINRM_PASSWORD", server.password());
        pb.environment().put("NO_PROXY", "127.0.0.1,localhost");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process holder = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).as("the holder's first line").contains("shell_id");
            String shellId = first.replaceAll(".*\"shell_id\":\"([^\"]+)\".*", "$1");
            DriverResult list = as(OTHER_USER, OTHER_PASSWORD, "list");
            assertThat(list.field("pools").toString()).as(list.describe()).doesNotContain(shellId);
            DriverResult steal = as(OTHER_USER, OTHER_PASSWORD, "steal", shellId);
            assertThat(steal.stringField("wsman_code")).as(steal.describe()).isEqualTo("2150858843");
            DriverResult own = psrp("list");
            assertThat(own.field("pools").toString()).as(own.describe()).contains(shellId);
            try (OutputStream in = holder.getOutputStream()) {
                in.write('\n');
            }
            String last = out.readLine();
            assertThat(last).as("the holder still uses its pool").contains("output");
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void readHostIsAHostCallAnsweredOnThePromptResponseStream() throws Exception {
        Assumptions.assumeTrue(standIn(), "a real pwsh's Read-Host needs a console host");
        DriverResult r = psrp("read-host");
        assertThat(r.field("output")).as(r.describe()).isEqualTo(List.of("typed by the host"));
    }

    @Test
    void pipelineInputIsSentOnStdinWithTheCommandId() throws Exception {
        DriverResult r = psrp("input");
        assertThat(r.field("output")).as(r.describe()).isEqualTo(List.of("first", 2L, Map.of("third", 3L)));
    }

    @Test
    void aLargeArgumentSpansCommandAndSends() throws Exception {
        DriverResult r = psrp("big-input", "1500000");
        assertThat(r.longField("length")).as(r.describe()).isEqualTo(1_500_000);
        assertThat(r.field("same")).isEqualTo(true);
    }

    @Test
    void aLargeOutputArrivesWholeAndInOrder() throws Exception {
        Assumptions.assumeTrue(standIn(), "only the stand-in has __lines__");
        DriverResult r = psrp("lines", "20000");
        assertThat(r.longField("big")).as(r.describe()).isEqualTo(1 << 20);
        assertThat(r.longField("count")).isEqualTo(20000);
        assertThat(r.field("in_order")).isEqualTo(true);
    }

    @Test
    void aPoolSurvivesDisconnectAndReconnect() throws Exception {
        DriverResult r = psrp("reconnect");
        assertThat(r.field("output")).as(r.describe()).isEqualTo(List.of("after reconnect"));
    }

    @Test
    void anotherClientOfTheSameUserConnectsToADisconnectedPool() throws Exception {
        DriverResult r = psrp("connect-new");
        assertThat(r.field("found")).as(r.describe()).isEqualTo(true);
        assertThat(r.field("output")).as(r.describe()).isEqualTo(List.of("buffered while disconnected",
                "from the second client"));
    }

    @Test
    void malformedFragmentsAndUnknownPipelinesAreFaults() throws Exception {
        DriverResult r = psrp("raw");
        assertThat(r.stringField("bad_fragments")).as(r.describe()).isEqualTo("13");
        assertThat(r.stringField("unknown_pipeline")).as(r.describe()).isEqualTo("2150858843");
        assertThat(r.stringField("no_protocolversion")).as(r.describe()).isEqualTo("2152991687");
        assertThat(r.stringField("bad_protocolversion")).as(r.describe()).isEqualTo("2152991685");
        assertThat(r.field("still_works")).as(r.describe()).isEqualTo(true);
    }

    @Test
    void aChildThatDiesEndsItsShellWithTheReason() throws Exception {
        Assumptions.assumeTrue(standIn(), "only the stand-in has __die__");
        DriverResult r = psrp("script", "__die__");
        assertThat(r.stringField("message")).as(r.describe()).contains("PowerShell session ended")
                .contains("exit code 3");
        objectsRoundTripUnchanged();
    }

    @Test
    void aChildThatWritesGarbageEndsItsShell() throws Exception {
        Assumptions.assumeTrue(standIn(), "only the stand-in has __garbage__");
        DriverResult r = psrp("script", "__garbage__");
        assertThat(r.stringField("message")).as(r.describe()).contains("no out-of-process packet");
        objectsRoundTripUnchanged();
    }

    @Test
    void aChildThatFloodsOneLineEndsItsShell() throws Exception {
        Assumptions.assumeTrue(standIn(), "only the stand-in has __flood__");
        DriverResult r = psrp("script", "__flood__");
        assertThat(r.stringField("message")).as(r.describe()).contains("a line longer than");
        objectsRoundTripUnchanged();
    }

    /** Where pwsh is really installed, the same tests against it. */
    static Optional<Path> realPwsh() {
        return PwshEngineFactory.find();
    }
}
