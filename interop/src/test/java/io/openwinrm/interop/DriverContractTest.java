package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The drivers' command-line contract where no server is needed: usage errors exit 2, transport errors
 * exit 1, and either way stdout is one JSON object with {@code error} and stderr has no stack trace.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DriverContractTest {

    private static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(45);

    private static DriverResult drive(Peer peer, String password, String... args) throws Exception {
        List<String> argv = new ArrayList<>(PeerRequirement.require(peer).command());
        argv.addAll(List.of(args));
        return DriverRunner.run(argv, password, DRIVER_TIMEOUT);
    }

    private static void assertCleanError(DriverResult r, int exitStatus) {
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(exitStatus);
        assertThat(r.stringField("error")).isNotBlank();
        assertThat(r.stderr()).doesNotContain("Traceback", "panic:", "goroutine ");
    }

    /** An endpoint on 127.0.0.1 whose port was just free, so nothing listens there. */
    private static String refusedEndpoint() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "https://127.0.0.1:" + socket.getLocalPort() + "/wsman";
        }
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void connectionRefusedIsATransportError(Peer peer) throws Exception {
        DriverResult r = drive(peer, "secret", "--endpoint", refusedEndpoint(), "--user", "u", "--insecure",
                "run", "--command", "echo hello");
        assertCleanError(r, 1);
        assertThat(r.stringField("error")).containsIgnoringCase("refused");
        assertThat(r.json()).doesNotContainKey("exit_code");
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void everyScenarioReportsConnectionRefused(Peer peer) throws Exception {
        String endpoint = refusedEndpoint();
        for (String[] scenario : List.of(
                new String[] {"terminate", "--command", "sleep 100", "--after-seconds", "1"},
                new String[] {"fault", "--shell-id", "BOGUS"})) {
            List<String> args = new ArrayList<>(List.of("--endpoint", endpoint, "--user", "u", "--insecure"));
            args.addAll(List.of(scenario));
            DriverResult r = drive(peer, "secret", args.toArray(String[]::new));
            assertCleanError(r, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void missingPasswordIsAUsageError(Peer peer) throws Exception {
        DriverResult r = drive(peer, null, "--endpoint", "https://127.0.0.1:1/wsman", "--user", "u",
                "--insecure", "run", "--command", "echo hello");
        assertCleanError(r, 2);
        assertThat(r.stringField("error")).contains("OPENWINRM_PASSWORD");
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void unknownScenarioIsAUsageError(Peer peer) throws Exception {
        DriverResult r = drive(peer, "secret", "--endpoint", "https://127.0.0.1:1/wsman", "--user", "u",
                "--insecure", "dance");
        assertCleanError(r, 2);
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void runWithoutCommandIsAUsageError(Peer peer) throws Exception {
        DriverResult r = drive(peer, "secret", "--endpoint", "https://127.0.0.1:1/wsman", "--user", "u",
                "--insecure", "run");
        assertCleanError(r, 2);
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void insecureAndCaFileExcludeEachOther(Peer peer) throws Exception {
        DriverResult r = drive(peer, "secret", "--endpoint", "https://127.0.0.1:1/wsman", "--user", "u",
                "--insecure", "--ca-file", "/dev/null", "run", "--command", "echo hello");
        assertCleanError(r, 2);
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void missingStdinFileIsAUsageError(Peer peer) throws Exception {
        DriverResult r = drive(peer, "secret", "--endpoint", "https://127.0.0.1:1/wsman", "--user", "u",
                "--insecure", "run", "--command", "cat", "--stdin-file", "/nonexistent/openwinrm-stdin");
        assertCleanError(r, 2);
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void certificateTransportNeedsCertificateAndKey(Peer peer) throws Exception {
        DriverResult r = drive(peer, null, "--endpoint", "https://127.0.0.1:1/wsman", "--user", "u",
                "--insecure", "--transport", "certificate", "run", "--command", "echo hello");
        assertCleanError(r, 2);
        assertThat(r.stringField("error")).contains("--cert-pem");
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void certificateFilesNeedCertificateTransport(Peer peer) throws Exception {
        DriverResult r = drive(peer, "secret", "--endpoint", "https://127.0.0.1:1/wsman", "--user", "u",
                "--insecure", "--cert-pem", "/dev/null", "--key-pem", "/dev/null", "run", "--command", "echo hello");
        assertCleanError(r, 2);
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void certificateTransportNeedsNoPassword(Peer peer, @TempDir Path dir) throws Exception {
        // Without OPENWINRM_PASSWORD the certificate transport still gets as far as the network.
        List<String> auth = CertificateAuth.unmapped(dir);
        List<String> args = new ArrayList<>(List.of("--endpoint", refusedEndpoint(), "--user", "u", "--insecure"));
        args.addAll(auth);
        args.addAll(List.of("run", "--command", "echo hello"));
        DriverResult r = drive(peer, null, args.toArray(String[]::new));
        assertCleanError(r, 1);
        assertThat(r.stringField("error")).containsIgnoringCase("refused");
    }

    @Test
    void pywinrmMessageEncryptionIsAClosedSet() throws Exception {
        DriverResult r = drive(Peer.PYWINRM, "secret", "--endpoint", "http://127.0.0.1:1/wsman", "--user", "u",
                "--transport", "ntlm", "--message-encryption", "sometimes", "run", "--command", "echo hello");
        assertCleanError(r, 2);
    }

    @Test
    void goEncryptionIsNtlmOnlyAndNeedsTheNtlmTransport() throws Exception {
        DriverResult other = drive(Peer.GO, "secret", "--endpoint", "http://127.0.0.1:1/wsman", "--user", "u",
                "--transport", "ntlm", "--encryption", "kerberos", "run", "--command", "echo hello");
        assertCleanError(other, 2);
        assertThat(other.stringField("error")).contains("--encryption");
        DriverResult basic = drive(Peer.GO, "secret", "--endpoint", "http://127.0.0.1:1/wsman", "--user", "u",
                "--encryption", "ntlm", "run", "--command", "echo hello");
        assertCleanError(basic, 2);
        assertThat(basic.stringField("error")).contains("--transport ntlm");
        // well-formed: gets as far as the network
        DriverResult sealed = drive(Peer.GO, "secret", "--endpoint", refusedEndpoint().replace("https:", "http:"),
                "--user", "u", "--transport", "ntlm", "--encryption", "ntlm", "run", "--command", "echo hello");
        assertCleanError(sealed, 1);
    }
}
