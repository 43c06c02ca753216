package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * pypsrp's generic WS-Management calls against OpenWinRM (issue 10, items 2 and 11): {@code
 * WSMan.update_max_payload_size()} reads MaxEnvelopeSizekb from a Get of the configuration resource, and
 * {@code WSMan.enumerate} / {@code WSMan.pull} walk the caller's shells as WS-Enumeration describes (not optimized,
 * then optimized with a Release), and the commands of one shell through the ShellId selector filter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PypsrpWsmanInteropTest {

    /** Neither the service's default (500) nor pypsrp's (150): the value must come from the server. */
    private static final int MAX_ENVELOPE_KB = 384;

    private TestServer server;
    private List<String> python;

    @BeforeAll
    void start() throws Exception {
        Peer.Location.Found pywinrm = PeerRequirement.require(Peer.PYWINRM);
        python = List.of(pywinrm.command().get(0), Peer.baseDir().resolve("pypsrp/wsman_ops.py").toString());
        DriverResult probe = DriverRunner.run(List.of(python.get(0), "-c", "import pypsrp.wsman"), null,
                Duration.ofSeconds(60));
        if (probe.exitCode() != 0) {
            String message = "pypsrp is not importable by " + python.get(0) + " (bin/run-tests installs it)";
            if (PeerRequirement.required()) {
                throw new AssertionError(message);
            }
            org.junit.jupiter.api.Assumptions.abort(message);
        }
        server = TestServer.start(TestServer.Options.defaults().maxEnvelopeSizeKb(MAX_ENVELOPE_KB)
                .security("isolation = \"off\"\n"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void updateMaxPayloadSizeReadsTheServersMaxEnvelopeSizeAndEnumerationFollowsWsEnumeration() throws Exception {
        List<String> argv = new ArrayList<>(python);
        argv.addAll(List.of("--endpoint", server.httpsEndpoint().toString(), "--user", server.user(),
                "--ca-file", server.caCertificatePem().toString(), "--shells", "3"));
        DriverResult r = DriverRunner.run(argv, server.password(), Duration.ofSeconds(90));
        assertThat(r.exitCode()).as("wsman_ops.py exit%s", r.describe()).isZero();
        assertThat(r.json()).as(r.describe()).doesNotContainKey("error_type");
        assertThat(r.longField("max_envelope_size")).isEqualTo(MAX_ENVELOPE_KB * 1024L);

        @SuppressWarnings("unchecked")
        List<String> shells = (List<String>) r.field("shells");
        assertThat(shells).hasSize(3);
        assertThat(r.longField("enumerate_items")).isZero();
        assertThat(r.longField("pull_count")).isEqualTo(3);
        assertThat(r.field("pulled")).asList().containsExactlyInAnyOrderElementsOf(shells);
        assertThat(r.field("optimized_items")).asList().hasSize(1).isSubsetOf(shells);
        assertThat(r.field("optimized_end")).isEqualTo(false);
        assertThat(r.field("released")).isEqualTo(true);
        assertThat(r.field("commands")).asList().containsExactly(r.stringField("first_command"));
    }
}
