package io.openwinrm.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pywinrm with CredSSP ({@code transport='credssp'}, requests-credssp on pyspnego: a TLS session inside the
 * {@code CredSSP} tokens, SPNEGO/NTLM inside it, the version 6 public-key binding, then the delegated password;
 * [MS-CSSP], [MS-WSMV] 2.2.9.1.3). The shared scenarios run over plain HTTP, where every message after the logon is
 * sealed by the inner TLS session ({@code application/HTTP-CredSSP-session-encrypted}, and
 * {@code multipart/x-multi-encrypted} above 16 KiB); the tests below add HTTPS, sealed and unsealed, and the
 * refusals. The server runs in this process or, with {@code -Dopenwinrm.test.server=process}, as {@code serve}
 * (privilege-separated when run as root: the monitor judges the TSRequests, the network side runs the TLS).
 */
class PywinrmCredsspInteropTest extends AbstractShellScenarioInteropTest implements PasswordAuthenticationChecks {

    private static final List<String> CREDSSP = List.of("--transport", "credssp");

    @Override
    Peer peer() {
        return Peer.PYWINRM;
    }

    @Override
    Listener listener() {
        return Listener.HTTP;
    }

    @Override
    List<String> authOptions() {
        return with(CREDSSP, "--message-encryption", "auto");
    }

    @Override
    void beforeServerStart() throws Exception {
        String python = PeerRequirement.require(Peer.PYWINRM).command().get(0);
        DriverResult probe = DriverRunner.run(List.of(python, "-c", "import requests_credssp"), null,
                java.time.Duration.ofSeconds(60));
        if (probe.exitCode() != 0) {
            String message = "requests_credssp is not importable by " + python + " (bin/run-tests installs it)";
            if (PeerRequirement.required()) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
    }

    @Override
    TestServer.Options serverOptions() {
        return TestServer.Options.defaults().credssp(true);
    }

    @Test
    void theLoggedOnUserRunsOverHttpsAndSealedHttp() throws Exception {
        String expected = new String(new ProcessBuilder("id", "-un").start().getInputStream().readAllBytes(), UTF_8);
        for (URI endpoint : List.of(server().httpsEndpoint(), server().httpEndpoint())) {
            DriverResult r = driveAs(endpoint, CREDSSP, server().password(), insecure(), "run",
                    "--command", "id -un");
            assertThat(r.exitCode()).as("driver exit status at %s%s", endpoint, r.describe()).isZero();
            assertRemoteExit(r, 0);
            assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).as(endpoint.toString()).isEqualTo(expected);
        }
    }

    @Test
    void moreThanSixteenKibibytesEachWaySealedOverHttps(@TempDir Path dir) throws Exception {
        // 100 KB in: Sends of several 16 KiB TLS records (multipart/x-multi-encrypted); 100 KB out likewise
        byte[] input = new byte[100_000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) ('a' + i % 23);
        }
        Path file = Files.write(dir.resolve("stdin.bin"), input);
        DriverResult r = driveAs(server().httpsEndpoint(), with(CREDSSP, "--message-encryption", "always"),
                server().password(), insecure(), "run", "--command", "cat; head -c 70000 /dev/zero | tr '\\0' z",
                "--stdin-file", file.toString());
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isZero();
        assertRemoteExit(r, 0);
        byte[] expected = Arrays.copyOf(input, input.length + 70_000);
        Arrays.fill(expected, input.length, expected.length, (byte) 'z');
        assertThat(r.bytesField("stdout_b64")).isEqualTo(expected);
    }

    @Test
    void pypsrpWinrsLogsOnWithCredSspOverHttpAndHttps() throws Exception {
        // pypsrp's own CredSSP (pyspnego, sealed on http://), through interop/pypsrp/winrs.py
        String python = PeerRequirement.require(Peer.PYWINRM).command().get(0);
        DriverResult probe = DriverRunner.run(List.of(python, "-c", "import pypsrp.shell"), null,
                java.time.Duration.ofSeconds(60));
        Assumptions.assumeTrue(probe.exitCode() == 0, "pypsrp is not importable by " + python);
        for (URI endpoint : List.of(server().httpEndpoint(), server().httpsEndpoint())) {
            DriverResult r = DriverRunner.run(List.of(python, Peer.baseDir().resolve("pypsrp/winrs.py").toString(),
                    "--endpoint", endpoint.toString(), "--user", server().user(), "--auth", "credssp",
                    "--ca-file", server().caCertificatePem().toString(), "--", "printf", "%s", "hop"),
                    server().password(), java.time.Duration.ofSeconds(90));
            assertThat(r.exitCode()).as("winrs.py exit at %s%s", endpoint, r.describe()).isZero();
            assertThat(r.longField("rc")).isZero();
            assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo("hop");
        }
    }

    @Test
    void unsealedMessagesAfterCredSspAreRefusedOverHttp(@TempDir Path dir) throws Exception {
        // as for NTLM: after the logon on plain HTTP only sealed SOAP is accepted (AllowUnencrypted=false)
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = driveAs(endpoint(), with(CREDSSP, "--message-encryption", "never"), server().password(),
                List.of(), "run", "--command", "touch " + marker);
        assertRefusedBeforeAnythingRan(r, shellsBefore, marker);
    }

    @Test
    void theSchemeIsOfferedOnlyWhenEnabled(@TempDir Path dir) throws Exception {
        assertThat(offers(server().httpEndpoint())).contains("CredSSP");
        try (TestServer off = TestServer.start(TestServer.Options.defaults())) {
            assertThat(offers(off.httpEndpoint())).isNotEmpty().doesNotContain("CredSSP");
            Path marker = dir.resolve("ran");
            DriverResult r = driveAs(off.httpEndpoint(), CREDSSP, off.password(), List.of(), "run",
                    "--command", "touch " + marker);
            assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
            assertThat(r.json()).doesNotContainKey("exit_code");
            assertThat(marker).doesNotExist();
            assertThat(off.shellCount()).isZero();
        }
    }

    @Test
    void everyLogonIsAuditedAsADelegationAndServeWarns() throws Exception {
        Assumptions.assumeTrue(server().separateProcess(), "only serve writes an audit log and a banner");
        driveOk(insecure(), "run", "--command", "true");
        Path audit = server().home().resolve("audit/audit.jsonl");
        String records = "";
        for (int i = 0; i < 50 && !records.contains("\"event\":\"logon\""); i++) {
            Thread.sleep(100);
            records = Files.exists(audit) ? Files.readString(audit) : "";
        }
        assertThat(records).contains("\"event\":\"logon\"").contains("credentials delegated to this server")
                .contains("\"user\":\"" + server().user() + "\"");
        String log = server().processLog().orElseThrow();
        assertThat(log).contains("auth.credssp is on");
        if (io.openwinrm.common.ProcessUser.isRoot()) {
            // the TSRequests (NTLM, pubKeyAuth, the password) were judged by the monitor
            assertThat(log).contains("privilege separation: the monitor runs as root");
        }
    }

    @Test
    void aDelegatedPasswordTheHostRefusesRunsNothing(@TempDir Path dir) throws Exception {
        // NTLM inside succeeds (the account store has the NT hash), then the TSCredentials go to PAM, which knows
        // no such OS account: refused after the inner authentication ([MS-CSSP] 3.1.5 step 5), no shell
        Assumptions.assumeTrue(io.openwinrm.common.ProcessUser.isRoot(), "PAM needs root");
        try (TestServer pam = TestServer.start(TestServer.Options.defaults().credssp(true)
                .passwordSource(io.openwinrm.server.config.PasswordSource.PAM))) {
            Path marker = dir.resolve("ran");
            DriverResult r = driveAs(pam.httpEndpoint(), CREDSSP, pam.password(), List.of(), "run",
                    "--command", "touch " + marker);
            assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
            assertThat(r.json()).doesNotContainKey("exit_code");
            assertThat(marker).doesNotExist();
            if (!pam.separateProcess()) {
                assertThat(pam.shellCount()).isZero(); // (serve's count would log on with Basic, which PAM refuses)
            }
            pam.processLog().ifPresent(log -> assertThat(log).contains("CredSSP delegated password rejected"));
        }
    }

    /** The WWW-Authenticate offers of a 401 to a request without credentials. */
    private static List<String> offers(URI endpoint) throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/soap+xml;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("<s:Envelope/>")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(401);
        return r.headers().allValues("WWW-Authenticate");
    }
}
