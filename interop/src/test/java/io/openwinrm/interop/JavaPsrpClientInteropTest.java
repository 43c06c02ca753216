package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.ShellInfo;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.powershell.InvokeResult;
import io.openwinrm.client.powershell.Pipeline;
import io.openwinrm.client.powershell.PipelineFailedException;
import io.openwinrm.client.powershell.PipelineListener;
import io.openwinrm.client.powershell.PipelineRequest;
import io.openwinrm.client.powershell.PipelineResult;
import io.openwinrm.client.powershell.PoolOptions;
import io.openwinrm.client.powershell.PowerShellClient;
import io.openwinrm.client.powershell.PsHost;
import io.openwinrm.client.powershell.PsValues;
import io.openwinrm.client.powershell.RunspacePool;
import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.Principal;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.restrict.RoleCapability;
import io.openwinrm.policy.restrict.RoleCapabilityFile;
import io.openwinrm.psrp.clixml.PsSecureString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.psrp.state.RunspacePoolState;
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
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13's Java PowerShell Remoting client ({@code io.openwinrm.client.powershell}) against the real server: a
 * restricted endpoint {@code jea} served by the native engine, and the PowerShell endpoint
 * {@code Microsoft.PowerShell} whose pools are the psrpcore stand-in for {@code pwsh -s} (so every byte the client
 * parses there was written by psrpcore). Pools open and close, pipelines stream objects, errors and failures come
 * with their records, a stop ends a long pipeline, Read-Host is a host call answered by the client's host, and a
 * disconnected pool is listed and taken up by a second JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JavaPsrpClientInteropTest {

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
            program = "/usr/bin/seq"
              [[command.positional]]
              name = "last"
              pattern = "^[0-9]{1,3}$"
            """;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TestServer server;
    private Path work;
    private WinRmClient client;
    private io.openwinrm.client.Endpoint endpoint;

    @BeforeAll
    void start() throws Exception {
        Peer.Location.Found pywinrm = PeerRequirement.require(Peer.PYWINRM);
        String python = pywinrm.command().get(0);
        PypsrpPowerShellInteropTest.require(DriverRunner.run(List.of(python, "-c", "import psrpcore"), null,
                Duration.ofSeconds(60)).exitCode() == 0, "psrpcore is not importable by " + python
                + " (bin/run-tests installs it from interop/pywinrm/requirements.txt)");
        work = Files.createTempDirectory("openwinrm-javapsrp-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path pwsh = PypsrpPowerShellInteropTest.wrapper(work, PypsrpPowerShellInteropTest.standIn(python, work));
        RoleCapability role = RoleCapabilityFile.parse("ops", ROLE);
        Endpoint ps = new Endpoint(Endpoint.POWERSHELL_NAME, "", Endpoint.uris(Endpoint.POWERSHELL_NAME),
                EndpointKind.POWERSHELL, AccessList.DEFAULT, new RunAs.Caller(), ResourceLimits.NONE,
                Optional.empty(), RoleDefinitions.NONE, Map.of(), false, Optional.of(pwsh));
        Endpoint jea = new Endpoint("jea", "JEA", Endpoint.uris("jea"), EndpointKind.RESTRICTED, AccessList.DEFAULT,
                new RunAs.Caller(), ResourceLimits.NONE, Optional.empty(),
                new RoleDefinitions(Map.of(new Principal.Administrators(), List.of("ops"))), Map.of("ops", role));
        server = TestServer.start(TestServer.Options.defaults()
                .security("isolation = \"off\"\naudit_log = \"audit.jsonl\"\n")
                .file("endpoints/cmd.toml", "kind = \"shell\"\n")
                .file("endpoints/" + Endpoint.POWERSHELL_NAME + ".toml", "kind = \"powershell\"\npwsh = \"" + pwsh
                        + "\"\n")
                .file("endpoints/jea.toml", "description = \"JEA\"\nkind = \"restricted\"\n[[role]]\n"
                        + "principal = \"administrators\"\ncapabilities = [\"ops\"]\n")
                .file("roles/ops.toml", ROLE)
                .access(home -> new AccessControl(EndpointRegistry.of(List.of(Endpoint.defaultShell(), ps, jea)),
                        new CallerResolver(new ServerAccount(), IsolationMode.OFF), Optional.empty(),
                        new JsonLinesAuditLog(home.resolve("audit.jsonl")))));
        client = WinRmClient.builder().credentials(Credentials.basic(server.user(), server.password().toCharArray()))
                .trustCertificates(server.caCertificatePem()).operationTimeout(Duration.ofSeconds(5)).build();
        endpoint = io.openwinrm.client.Endpoint.parse(server.httpsEndpoint().toString(), false);
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

    private PowerShellClient pwsh() {
        return PowerShellClient.of(client, endpoint);
    }

    private PowerShellClient jea() {
        return PowerShellClient.of(client, endpoint, "jea");
    }

    private static List<String> texts(List<PsValue> values) {
        return values.stream().map(PsValues::toText).toList();
    }

    @Test
    void aPoolOpensWithTheServersCapabilityAndRunsACommandWithParameters() {
        try (RunspacePool pool = pwsh().open()) {
            assertThat(pool.state()).isEqualTo(RunspacePoolState.OPENED);
            assertThat(pool.serverCapability()).isPresent();
            assertThat(pool.applicationPrivateData().flatMap(d -> d.psVersionTable())).isPresent();
            InvokeResult r = pool.invoke(PipelineRequest.command("Write-Output",
                    CommandParameter.named("InputObject", PsValue.of("hello from pwsh"))), WAIT);
            assertThat(r.result().state()).isEqualTo(PipelineState.COMPLETED);
            assertThat(texts(r.output())).containsExactly("hello from pwsh");
            assertThat(r.hadErrors()).isFalse();
        }
        assertThat(server.shellCount()).as("Delete removed the pool").isZero();
    }

    @Test
    void psVersionTableOfTheRestrictedEngine() {
        try (RunspacePool pool = jea().open()) {
            InvokeResult r = pool.invoke(PipelineRequest.script("$PSVersionTable"), WAIT);
            assertThat(r.output()).hasSize(1);
            assertThat(PsValues.toJava(r.output().get(0)).toString()).contains("PSEdition=OpenWinRM",
                    "PSRemotingProtocolVersion");
        }
    }

    @Test
    void outputObjectsStreamAsTheyArriveAndALargeOneSpansFragments() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (RunspacePool pool = pwsh().open()) {
            Pipeline p = pool.start(PipelineRequest.script("__lines__ 3000"), new PipelineListener() {
                @Override
                public void output(PsValue value) {
                    seen.add(PsValues.toText(value));
                }
            });
            PipelineResult r = p.await(WAIT);
            assertThat(r.state()).isEqualTo(PipelineState.COMPLETED);
        }
        assertThat(seen).hasSize(3001);
        assertThat(seen.get(0)).hasSize(1 << 20).matches("x+");
        for (int i = 0; i < 3000; i++) {
            assertThat(seen.get(i + 1)).startsWith(String.format("%06d ", i));
        }
    }

    @Test
    void errorRecordsAndAFailedPipelineCarryTheirRecords() {
        try (RunspacePool pool = pwsh().open()) {
            InvokeResult written = pool.invoke(PipelineRequest.script("Write-Error 'soft failure'"), WAIT);
            assertThat(written.result().state()).isEqualTo(PipelineState.COMPLETED);
            assertThat(written.errors()).hasSize(1);
            assertThat(written.errors().get(0).record().message()).isEqualTo("soft failure");
            assertThat(written.hadErrors()).isTrue();

            InvokeResult thrown = pool.invoke(PipelineRequest.script("throw 'boom from the pipeline'"), WAIT);
            assertThat(thrown.result().state()).isEqualTo(PipelineState.FAILED);
            assertThat(thrown.result().reason().orElseThrow().message()).isEqualTo("boom from the pipeline");
            assertThatThrownBy(() -> thrown.result().throwIfFailed()).isInstanceOf(PipelineFailedException.class)
                    .hasMessageContaining("boom from the pipeline");
        }
    }

    @Test
    void aRefusedCommandOnTheRestrictedEngineFailsWithTheRule() {
        try (RunspacePool pool = jea().open()) {
            InvokeResult ok = pool.invoke(PipelineRequest.script("echo hello"), WAIT);
            assertThat(texts(ok.output())).containsExactly("hello");
            InvokeResult refused = pool.invoke(PipelineRequest.script("echo HELLO1"), WAIT);
            assertThat(refused.result().state()).isEqualTo(PipelineState.FAILED);
            assertThat(refused.output()).isEmpty();
            assertThat(refused.result().reason().orElseThrow().message())
                    .contains("does not match ^[a-z]{1,20}$ (role ops: /usr/bin/echo)");
        }
    }

    @Test
    void pipelineInputArrivesInOrder() {
        try (RunspacePool pool = pwsh().open()) {
            Collector c = new Collector();
            Pipeline p = pool.start(PipelineRequest.command("Write-Output").withInput(), c);
            for (int i = 0; i < 50; i++) {
                p.send(PsValue.of("in-" + i));
            }
            p.endInput();
            assertThat(p.await(WAIT).state()).isEqualTo(PipelineState.COMPLETED);
            assertThat(c.texts).hasSize(50).startsWith("in-0", "in-1").endsWith("in-49");
        }
    }

    @Test
    void aStopEndsALongPipelineStopped() {
        try (RunspacePool pool = jea().open()) {
            long t0 = System.nanoTime();
            Pipeline p = pool.start(PipelineRequest.script("sleep 60"), PipelineListener.IGNORE);
            sleep(1000);
            p.stop();
            PipelineResult r = p.await(WAIT);
            assertThat(r.state()).isEqualTo(PipelineState.STOPPED);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void pipelinesRunConcurrentlyInOnePool() {
        try (RunspacePool pool = pwsh().open(PoolOptions.DEFAULT.withRunspaces(1, 3))) {
            long t0 = System.nanoTime();
            List<Pipeline> ps = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ps.add(pool.start(PipelineRequest.script("Start-Sleep -Seconds 3"), PipelineListener.IGNORE));
            }
            for (Pipeline p : ps) {
                assertThat(p.await(WAIT).state()).isEqualTo(PipelineState.COMPLETED);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("three 3 s sleeps side by side, not one after "
                    + "the other (9 s)").isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void readHostIsAnsweredByTheClientsHost() {
        CountDownLatch asked = new CountDownLatch(1);
        PsHost host = new PsHost() {
            @Override
            public String readLine() {
                asked.countDown();
                return "typed by the host";
            }
        };
        try (RunspacePool pool = pwsh().open(PoolOptions.DEFAULT.withHost(host))) {
            InvokeResult r = pool.invoke(PipelineRequest.script("Read-Host"), WAIT);
            assertThat(asked.getCount()).isZero();
            assertThat(texts(r.output())).containsExactly("typed by the host");
        }
    }

    /**
     * The session key exchange with psrpcore's server: a SecureString we encrypt goes in as a parameter, psrpcore
     * decrypts it and writes it back encrypted under the same key, and we read the text again.
     */
    @Test
    void aSecureStringTravelsUnderTheExchangedSessionKey() {
        try (RunspacePool pool = pwsh().open()) {
            assertThatThrownBy(() -> pool.secureString("x".toCharArray()))
                    .hasMessageContaining("exchange keys first");
            pool.exchangeKeys(WAIT);
            pool.exchangeKeys(WAIT);
            PsSecureString secret = pool.secureString("pässwörd 😀".toCharArray());
            InvokeResult r = pool.invoke(PipelineRequest.command("Write-Output",
                    CommandParameter.named("InputObject", secret)), WAIT);
            assertThat(r.result().state()).isEqualTo(PipelineState.COMPLETED);
            assertThat(r.output()).hasSize(1).first().isInstanceOf(PsSecureString.class);
            assertThat(new String(pool.reveal((PsSecureString) r.output().get(0)))).isEqualTo("pässwörd 😀");
        }
    }

    /** What cannot work fails at once with a WS-Man fault: an unknown configuration, a pool that is not there. */
    @Test
    void anUnknownConfigurationOrPoolIsAFault() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> PowerShellClient.of(client, endpoint, "NoSuchConfiguration").open())
                .isInstanceOf(io.openwinrm.client.WinRmFaultException.class);
        assertThatThrownBy(() -> pwsh().connect(java.util.UUID.randomUUID().toString()))
                .isInstanceOf(io.openwinrm.client.WinRmFaultException.class);
        assertThatThrownBy(() -> pwsh().connect("not-a-guid")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GUID");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aDisconnectedPoolIsReconnectedFromTheSameProcess() {
        try (RunspacePool pool = jea().open()) {
            pool.disconnect();
            assertThat(pool.state()).isEqualTo(RunspacePoolState.DISCONNECTED);
            assertThat(jea().listDisconnectedPools()).extracting(ShellInfo::shellId).contains(pool.shellId());
            pool.reconnect();
            assertThat(texts(pool.invoke(PipelineRequest.script("echo again"), WAIT).output()))
                    .containsExactly("again");
        }
    }

    /**
     * A pool disconnected while its pipeline runs; a second JVM (the {@link JavaPsrpConnectMain} helper, with its
     * own client and connections) lists it, connects to it and to the pipeline, gets the pipeline's buffered output
     * and runs one more pipeline.
     */
    @Test
    void aSecondProcessConnectsToADisconnectedPoolAndItsPipeline() throws Exception {
        RunspacePool pool = jea().open();
        // detached: a receiving listener here could take the first lines before the disconnect
        java.util.UUID pipelineId = pool.startDetached(PipelineRequest.script("seq 3"));
        pool.disconnect();
        pool.close();
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), JavaPsrpConnectMain.class.getName(),
                endpoint.uri().toString(), server.user(), server.caCertificatePem().toString(), "jea",
                pool.shellId(), pipelineId.toString(), "echo second"));
        DriverResult r = DriverRunner.run(argv, server.password(), Duration.ofSeconds(90));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).contains("listed\n", "pipeline 1\npipeline 2\npipeline 3\n",
                "pipeline-state Completed\n", "second\n");
        assertThat(jea().listPools()).extracting(ShellInfo::shellId).doesNotContain(pool.shellId());
    }

    /**
     * A pipeline started detached ({@code session new --powershell -- SCRIPT}): this handle reads none of its output,
     * which waits on the server through the disconnect until a fresh client connects to the pool and the pipeline.
     */
    @Test
    void aDetachedPipelinesOutputWaitsForAnotherClient() {
        for (boolean native_ : List.of(true, false)) {
            PowerShellClient first = native_ ? jea() : pwsh();
            RunspacePool pool = first.open();
            java.util.UUID id = pool.startDetached(native_ ? PipelineRequest.script("seq 3")
                    : PipelineRequest.command("Write-Output", CommandParameter.named("InputObject",
                            PsValue.of("detached"))));
            pool.disconnect();
            pool.close();
            PowerShellClient second = native_ ? PowerShellClient.of(client, endpoint, "jea")
                    : PowerShellClient.of(client, endpoint);
            Collector c = new Collector();
            try (RunspacePool taken = second.connect(pool.shellId())) {
                PipelineResult r = taken.connectPipeline(id, c).await(WAIT);
                assertThat(r.state()).as(native_ ? "native engine" : "psrpcore").isEqualTo(PipelineState.COMPLETED);
            }
            assertThat(c.texts).as(native_ ? "native engine" : "psrpcore")
                    .containsExactlyElementsOf(native_ ? List.of("1", "2", "3") : List.of("detached"));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Collector implements PipelineListener {
        final List<String> texts = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void output(PsValue value) {
            texts.add(PsValues.toText(value));
        }
    }
}
