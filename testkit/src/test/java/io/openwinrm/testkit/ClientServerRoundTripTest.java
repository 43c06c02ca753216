package io.openwinrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.client.Command;
import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.protocol.shell.IdentifyResponse;
import io.openwinrm.protocol.shell.SignalCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our client against our server, in process, over HTTPS with Basic. */
@Timeout(60)
class ClientServerRoundTripTest {

    private static TestServer server;
    private static WinRmClient client;
    private static Endpoint https;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Options.defaults().operationTimeoutCap(Duration.ofSeconds(60)));
        client = WinRmClient.builder()
                .credentials(Credentials.basic(server.user(), server.password().toCharArray()))
                .pinCertificateSha256(server.certificateSha256())
                .operationTimeout(Duration.ofSeconds(2))
                .build();
        https = Endpoint.parse(server.httpsEndpoint().toString(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void runsACommandAndReturnsStdoutStderrAndExitCode() {
        CommandResult r = client.run(https, "echo out; echo err 1>&2; exit 3");
        assertThat(r.stdoutText()).isEqualTo("out\n");
        assertThat(r.stderrText()).isEqualTo("err\n");
        assertThat(r.exitCode()).isEqualTo(3);
    }

    @Test
    void exactExitCodes() {
        try (Shell shell = client.openShell(https)) {
            for (int code : new int[] {0, 1, 255}) {
                assertThat(shell.run("exit " + code, List.of()).exitCode()).isEqualTo(code);
            }
        }
    }

    @Test
    void argumentsAreJoinedLikeCmdDoes() {
        try (Shell shell = client.openShell(https)) {
            assertThat(shell.run("echo", List.of("a", "b c")).stdoutText()).isEqualTo("a b c\n");
        }
    }

    @Test
    void skipCmdShellExecutesDirectlyOnOpenWinRmsOwnUriAndIsIgnoredOnTheWinrsOne() {
        ShellOptions own = ShellOptions.DEFAULT.withResourceUri("http://schemas.openwinrm.io/wbem/wsman/1/shell/cmd");
        try (Shell shell = client.openShell(https, own);
             Command c = shell.execute("/bin/echo", List.of("$0"), true)) {
            c.sendInput(new byte[0], true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(c.await((s, d) -> out.writeBytes(d))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("$0\n");
        }
        // the WinRS cmd URI: as Windows Server 2012 R2 and later ([MS-WSMV] note <117>), through the shell all the same
        try (Shell shell = client.openShell(https); Command c = shell.execute("/bin/echo", List.of("$0"), true)) {
            c.sendInput(new byte[0], true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(c.await((s, d) -> out.writeBytes(d))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("/bin/sh\n");
        }
    }

    @Test
    void stdinRoundTripIsBinarySafe() throws Exception {
        byte[] input = new byte[300_000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 31 + 7);
        }
        try (Shell shell = client.openShell(https); Command c = shell.execute("cat", List.of())) {
            c.sendInput(input, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(c.await((s, d) -> out.writeBytes(d))).isZero();
            assertThat(out.toByteArray()).isEqualTo(input);
        }
    }

    @Test
    void largeOutputArrivesComplete() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long[] total = {0};
        try (Shell shell = client.openShell(https);
                Command c = shell.execute("head -c 20000000 /dev/urandom | tee /dev/stderr | sha256sum", List.of())) {
            c.sendInput(new byte[0], true);
            ByteArrayOutputStream sum = new ByteArrayOutputStream();
            int exit = c.await((s, d) -> {
                if (s.equals("stderr")) {
                    md.update(d);
                    total[0] += d.length;
                } else {
                    sum.writeBytes(d);
                }
            });
            assertThat(exit).isZero();
            assertThat(total[0]).isEqualTo(20_000_000L);
            assertThat(sum.toString(StandardCharsets.US_ASCII)).startsWith(HexFormat.of().formatHex(md.digest()));
        }
    }

    @Test
    void workingDirectoryAndEnvironmentAreHonoured() {
        ShellOptions o = ShellOptions.DEFAULT.withWorkingDirectory("/tmp").withEnvironment("GREETING", "hi there");
        try (Shell shell = client.openShell(https, o)) {
            assertThat(shell.run("pwd; echo \"$GREETING\"", List.of()).stdoutText()).isEqualTo("/tmp\nhi there\n");
        }
    }

    @Test
    void unicodeSurvivesInBothDirections() {
        String text = "héllo wörld ✓ 日本";
        try (Shell shell = client.openShell(https)) {
            assertThat(shell.run("printf '%s' '" + text + "'", List.of()).stdoutText()).isEqualTo(text);
        }
    }

    @Test
    void longRunningCommandSurvivesReceiveTimeouts() {
        long t0 = System.nanoTime();
        CommandResult r = client.run(https, "sleep 5; echo done");
        assertThat(r.stdoutText()).isEqualTo("done\n");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void terminateEndsARunningCommandPromptly() throws Exception {
        try (Shell shell = client.openShell(https)) {
            Command c = shell.execute("sleep 1000", List.of());
            assertThat(c.receive().done()).isFalse();
            long t0 = System.nanoTime();
            c.signal(SignalCode.TERMINATE);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            waitUntil(() -> server.liveProcessCount() == 0, Duration.ofSeconds(10));
            // the command is over: its Done (SIGTERM, 128 + 15) can still be collected, once
            assertThat(c.await((s, d) -> { })).isEqualTo(143);
        }
    }

    @Test
    void ctrlCInterruptsTheCommand() {
        try (Shell shell = client.openShell(https); Command c = shell.execute("sleep 1000", List.of())) {
            c.signal(SignalCode.CTRL_C);
            assertThat(c.await((s, d) -> { })).isEqualTo(130);
        }
    }

    @Test
    void deleteKillsEverythingInTheShell() throws Exception {
        Shell shell = client.openShell(https);
        shell.execute("sleep 1000 & sleep 1000", List.of());
        waitUntil(() -> server.liveProcessCount() == 1, Duration.ofSeconds(5));
        shell.close();
        waitUntil(() -> server.liveProcessCount() == 0 && server.shellCount() == 0, Duration.ofSeconds(10));
    }

    @Test
    void wrongPasswordIsRefused() {
        WinRmClient bad = client.newBuilder().credentials(Credentials.basic(server.user(), "nope".toCharArray()))
                .build();
        assertThatThrownBy(() -> bad.run(https, "true")).isInstanceOf(WinRmAuthenticationException.class)
                .hasMessageContaining("401");
    }

    @Test
    void basicOverPlainHttpIsRefusedByTheClientFirst() {
        Endpoint http = Endpoint.parse(server.httpEndpoint().toString(), false);
        assertThatThrownBy(() -> client.run(http, "true")).isInstanceOf(WinRmAuthenticationException.class)
                .hasMessageContaining("plain HTTP");
    }

    @Test
    void basicOverPlainHttpIsRefusedByTheServerToo() {
        Endpoint http = Endpoint.parse(server.httpEndpoint().toString(), false);
        WinRmClient reckless = client.newBuilder().allowBasicOverHttp(true).build();
        assertThatThrownBy(() -> reckless.run(http, "true")).isInstanceOf(WinRmAuthenticationException.class);
    }

    @Test
    void unknownShellIsAFault() {
        Shell shell = client.openShell(https);
        server.server().shells().delete(server.user(), shell.shellId());
        assertThatThrownBy(() -> shell.execute("true", List.of()))
                .isInstanceOfSatisfying(WinRmFaultException.class,
                        e -> assertThat(e.fault().wsmanCode()).hasValue(2150858843L));
        assertThatThrownBy(shell::close).isInstanceOf(WinRmFaultException.class);
    }

    @Test
    void identifyAnonymouslyAndAuthenticated() {
        IdentifyResponse anon = client.identify(https, false);
        assertThat(anon.protocolVersion()).isEqualTo("http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd");
        assertThat(anon.productVersion()).startsWith("OS: 0.0.0 ");
        assertThat(anon.securityProfiles()).isEmpty();
        IdentifyResponse auth = client.identify(https, true);
        assertThat(auth.productVersion()).doesNotStartWith("OS: 0.0.0 ");
        assertThat(auth.securityProfiles()).contains("http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/basic");
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + max);
            }
            Thread.sleep(20);
        }
    }
}
