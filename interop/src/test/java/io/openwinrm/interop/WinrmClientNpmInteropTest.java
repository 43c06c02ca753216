package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The npm package winrm-client (pinned in interop/winrm-client/package.json, run by interop/winrm-client/driver.js)
 * with NTLM over plain HTTP on a listener that allows unencrypted traffic (the client cannot seal). It computes
 * NTOWFv2 with the domain upper-cased while sending the domain as typed ([MS-NLMP] 3.3.2), so {@code user@vm}
 * reaches the server as domain {@code vm} with a hash over {@code VM}: accepted as Samba accepts it, with the
 * proof still verified (a wrong password is refused). Not an {@link AbstractPeerInteropTest}: the library has only
 * a run-a-command call, not the drivers' whole scenario contract.
 *
 * <p>Location: {@code -Dopenwinrm.winrmclient.driver} (or {@code OPENWINRM_WINRMCLIENT_DRIVER}), default
 * {@code winrm-client/driver.js} with its {@code node_modules} installed ({@code npm ci}, as bin/run-tests does);
 * node from {@code -Dopenwinrm.node} / {@code OPENWINRM_NODE}, default {@code node} on the PATH. Missing: skipped,
 * or failed under {@code OPENWINRM_INTEROP_REQUIRED=1} ({@link PeerRequirement#required()}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WinrmClientNpmInteropTest {

    private List<String> driver;
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        driver = locate();
        server = TestServer.start(TestServer.Options.defaults().allowUnencrypted(true));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void nothingLeftOpen() throws InterruptedException {
        if (server == null) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.liveProcessCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.liveProcessCount()).as("commands still running").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%s@vm", "vm\\%s", "VM\\%s", "%s@example.test"})
    void ntlmWithTheDomainAsTypedRunsTheCommand(String userFormat) throws Exception {
        String user = String.format(Locale.ROOT, userFormat, server.user());
        DriverResult r = drive(user, server.password(), "echo npm-$((6 * 7))");
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isZero();
        // runCommand returns stdout trimmed
        assertThat(r.stringField("stdout")).as("stdout%s", r.describe()).isEqualTo("npm-42");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%s@vm", "VM\\%s"})
    void aWrongPasswordIsStillRefused(String userFormat) throws Exception {
        String user = String.format(Locale.ROOT, userFormat, server.user());
        int shellsBefore = server.shellCount();
        DriverResult r = drive(user, server.password() + "-wrong", "echo never");
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
        assertThat(r.stringField("error")).as("error%s", r.describe()).contains("401");
        assertThat(server.shellCount()).isEqualTo(shellsBefore);
    }

    private DriverResult drive(String user, String password, String command) throws Exception {
        List<String> argv = new ArrayList<>(driver);
        argv.addAll(List.of("--endpoint", server.httpEndpoint().toString(), "--user", user, "run",
                "--command", command));
        return DriverRunner.run(argv, password, Duration.ofSeconds(60));
    }

    private static List<String> locate() {
        String configured = setting("openwinrm.winrmclient.driver", "OPENWINRM_WINRMCLIENT_DRIVER");
        Path script = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("openwinrm.interop.basedir", ".")).resolve("winrm-client/driver.js");
        String nodeSetting = setting("openwinrm.node", "OPENWINRM_NODE");
        String node = nodeSetting != null ? nodeSetting : "node";
        String missing = null;
        if (!Files.isRegularFile(script)) {
            missing = "no winrm-client driver at " + script;
        } else if (!Files.isDirectory(script.resolveSibling("node_modules").resolve("winrm-client"))) {
            missing = "winrm-client is not installed next to " + script + " (npm ci there)";
        }
        if (missing != null) {
            String message = "interop peer winrm-client (npm) is not installed: " + missing
                    + " (bin/run-tests installs it)";
            if (PeerRequirement.required()) {
                Assertions.fail(message + "; OPENWINRM_INTEROP_REQUIRED=1 makes this a failure");
            }
            Assumptions.abort(message);
        }
        return List.of(node, script.toString());
    }

    private static String setting(String property, String envVar) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(envVar);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
