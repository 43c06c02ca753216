package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The fixture of every interop test class: one in-process server per class, one driver process per
 * scenario, and after each test no command left running and no shell left open in the server.
 *
 * <p>A concrete class is one peer × authentication × listener combination, and its name says which
 * (e.g. {@code PywinrmNtlmHttpInteropTest}). It picks the peer ({@link #peer()}), the listener the
 * driver talks to ({@link #listener()}), the driver's authentication options ({@link #authOptions()})
 * and, if needed, server options ({@link #serverOptions()}). The shared shell scenarios live in
 * {@link AbstractShellScenarioInteropTest}; checks that only fit some combinations are the test
 * interfaces {@link PasswordAuthenticationChecks} and {@link TlsTrustChecks}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class AbstractPeerInteropTest {

    /** Deadline for one ordinary driver run; the test timeout is above it so the kill message shows. */
    static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(90);

    /** The listener of the in-process server a test class drives. */
    enum Listener {
        /** TLS listener; the server certificate is self-signed. */
        HTTPS,
        /** Plain HTTP listener; after authentication only sealed messages are accepted ([MS-WSMV] 3.2.4.1.10). */
        HTTP
    }

    private TestServer server;
    private Peer.Location.Found location;

    abstract Peer peer();

    /** The listener the driver talks to; HTTPS unless overridden. */
    Listener listener() {
        return Listener.HTTPS;
    }

    /** The driver's authentication options, e.g. {@code --transport ntlm}; empty means Basic. */
    List<String> authOptions() {
        return List.of();
    }

    /** The password the driver gets in {@code OPENWINRM_PASSWORD}; null gives it none. */
    String driverPassword() {
        return server.password();
    }

    /** Extra environment of every driver run (a Kerberos credential cache and krb5.conf). */
    Map<String, String> driverEnvironment() {
        return Map.of();
    }

    /** Options for the class's server. */
    TestServer.Options serverOptions() {
        return TestServer.Options.defaults();
    }

    /** Runs before the server starts (after the peer was found): e.g. create OS accounts. */
    void beforeServerStart() throws Exception {
    }

    @BeforeAll
    void startServer() throws Exception {
        location = PeerRequirement.require(peer());
        beforeServerStart();
        server = TestServer.start(serverOptions());
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void noCommandLeftRunningNorShellLeftOpen() throws InterruptedException {
        if (server != null) {
            awaitLiveProcesses(0, Duration.ofSeconds(10));
            // Every scenario deletes its shell ([MS-WSMV] 3.1.4.3), even after a fault or a signal.
            assertThat(server.shellCount()).as("shells left open in the server").isZero();
        }
    }

    public final TestServer server() {
        return server;
    }

    /** The URL the driver is given for {@link #listener()}. */
    final URI endpoint() {
        return listener() == Listener.HTTPS ? server.httpsEndpoint() : server.httpEndpoint();
    }

    /** Global options that trust the server through its certificate file. */
    final List<String> trusted() {
        return List.of("--ca-file", server.caCertificatePem().toString());
    }

    /** Global options that skip certificate verification. */
    static List<String> insecure() {
        return List.of("--insecure");
    }

    /** Options that make a driver authenticate with the server's client certificate. */
    final List<String> clientCertificate() {
        return List.of("--transport", "certificate",
                "--cert-pem", server.clientCertificatePem().toString(),
                "--key-pem", server.clientKeyPem().toString());
    }

    /** Runs the driver with the class's authentication, then {@code options}, then the scenario words. */
    final DriverResult drive(List<String> options, String... scenario) throws Exception {
        return DriverRunner.run(argv(options, scenario), driverPassword(), driverEnvironment(), DRIVER_TIMEOUT);
    }

    /** Like {@link #drive} but the driver must exit 0, i.e. the scenario ran. */
    final DriverResult driveOk(List<String> options, String... scenario) throws Exception {
        DriverResult r = drive(options, scenario);
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isZero();
        return r;
    }

    /** Like {@link #drive} with another password. */
    public final DriverResult driveWithPassword(String password, List<String> options, String... scenario)
            throws Exception {
        return DriverRunner.run(argv(options, scenario), password, driverEnvironment(), DRIVER_TIMEOUT);
    }

    /** Like {@link #drive} against {@code endpoint} with {@code auth} instead of the class's choices. */
    final DriverResult driveAs(URI endpoint, List<String> auth, String password, List<String> options,
            String... scenario) throws Exception {
        return DriverRunner.run(argv(endpoint, auth, options, scenario), password, driverEnvironment(),
                DRIVER_TIMEOUT);
    }

    /** Runs the driver against {@code endpoint} with {@code auth}, no password, {@code --insecure}. */
    public final DriverResult driveWithCertificate(URI endpoint, List<String> auth, String... scenario)
            throws Exception {
        return driveAs(endpoint, auth, null, insecure(), scenario);
    }

    /** Like {@link #drive} as another account of the server's store. */
    final DriverResult driveAsUser(String user, String password, List<String> options, String... scenario)
            throws Exception {
        return DriverRunner.run(argv(user, endpoint(), authOptions(), options, scenario), password,
                driverEnvironment(), DRIVER_TIMEOUT);
    }

    final List<String> argv(List<String> options, String... scenario) {
        return argv(endpoint(), authOptions(), options, scenario);
    }

    private List<String> argv(URI endpoint, List<String> auth, List<String> options, String... scenario) {
        return argv(server.user(), endpoint, auth, options, scenario);
    }

    private List<String> argv(String user, URI endpoint, List<String> auth, List<String> options,
            String... scenario) {
        List<String> argv = new ArrayList<>(location.command());
        argv.addAll(List.of("--endpoint", endpoint.toString(), "--user", user));
        argv.addAll(auth);
        argv.addAll(options);
        argv.addAll(Arrays.asList(scenario));
        return argv;
    }

    static List<String> with(List<String> options, String... more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(Arrays.asList(more));
        return all;
    }

    final void awaitLiveProcesses(int expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int live = server.liveProcessCount();
        while (live != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            live = server.liveProcessCount();
        }
        assertThat(live).as("commands still running in the server after %s", within).isEqualTo(expected);
    }

    /**
     * Asserts that a driver was turned away before anything ran: exit status 1 with a one-line
     * {@code error}, no remote exit code, no new shell in the server and no {@code marker} file
     * (the refused command was {@code touch marker}).
     */
    public final void assertRefusedBeforeAnythingRan(DriverResult r, int shellsBefore, Path marker) {
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
        assertThat(r.stringField("error")).as("error%s", r.describe()).isNotBlank();
        assertThat(r.json()).as("driver output%s", r.describe()).doesNotContainKey("exit_code");
        assertThat(r.stderr()).doesNotContain("Traceback", "panic:", "goroutine ");
        assertThat(server.shellCount()).as("shells in the server after the refused driver%s", r.describe())
                .isEqualTo(shellsBefore);
        assertThat(Files.exists(marker)).as("the refused command ran anyway: %s exists", marker).isFalse();
    }

    static void assertRemoteExit(DriverResult r, long expected) {
        assertThat(r.longField("exit_code")).as("remote exit code%s", r.describe()).isEqualTo(expected);
    }

    static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
