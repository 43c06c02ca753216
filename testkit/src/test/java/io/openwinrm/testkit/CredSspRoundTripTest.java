package io.openwinrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.client.Command;
import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.TrustedHosts;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmClient;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our client's CredSSP ({@link Credentials#credSsp}) against our server with {@code [auth] credssp = true}: sealed by
 * the inner TLS session over HTTP (with more than 16 KiB each way: multipart/x-multi-encrypted), plain inside HTTPS;
 * refused with the wrong password, by a server that has CredSSP off, and over HTTP to a host outside TrustedHosts
 * before anything is sent.
 */
@Timeout(90)
class CredSspRoundTripTest {

    private static TestServer server;
    private static Endpoint http;
    private static Endpoint https;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Options.defaults().credssp(true));
        http = Endpoint.parse(server.httpEndpoint().toString(), false);
        https = Endpoint.parse(server.httpsEndpoint().toString(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WinRmClient.Builder credSsp(String password) {
        return WinRmClient.builder().credentials(Credentials.credSsp(server.user(), password.toCharArray()))
                .allowCredSspTo(TrustedHosts.parse("127.0.0.*"))
                .pinCertificateSha256(server.certificateSha256()).operationTimeout(Duration.ofSeconds(2));
    }

    @Test
    void overHttpEveryMessageIsSealedByTheInnerTls() throws Exception {
        WinRmClient client = credSsp(server.password()).trustedHosts(TrustedHosts.parse("127.0.0.1")).build();
        try (Shell shell = client.openShell(http)) {
            CommandResult r = shell.run("echo out; echo err 1>&2; exit 4", List.of());
            assertThat(r.stdoutText()).isEqualTo("out\n");
            assertThat(r.stderrText()).isEqualTo("err\n");
            assertThat(r.exitCode()).isEqualTo(4);
            byte[] input = new byte[60_000];
            Arrays.fill(input, (byte) 'q');
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (Command c = shell.execute("cat", List.of())) {
                c.sendInput(input, true);
                assertThat(c.await((stream, data) -> {
                    if (stream.equals("stdout")) {
                        out.writeBytes(data);
                    }
                })).isZero();
            }
            assertThat(out.toByteArray()).isEqualTo(input);
        }
    }

    @Test
    void overHttpsItLogsOn() {
        assertThat(credSsp(server.password()).build().run(https, "printf ok").stdoutText()).isEqualTo("ok");
    }

    @Test
    void theWrongPasswordIsRefused() {
        assertThatThrownBy(() -> credSsp(server.password() + "x").build().run(https, "true"))
                .isInstanceOf(WinRmAuthenticationException.class).hasMessageContaining("access denied");
    }

    @Test
    void overHttpToAnUntrustedHostNothingIsSent() {
        assertThatThrownBy(() -> credSsp(server.password()).build().run(http, "true"))
                .isInstanceOf(WinRmAuthenticationException.class).hasMessageContaining("TrustedHosts");
    }

    @Test
    void aHostNotAllowedToReceiveThePasswordGetsNothing() {
        assertThatThrownBy(() -> credSsp(server.password()).allowCredSspTo(TrustedHosts.parse("*.lab.example"))
                .build().run(https, "true")).isInstanceOf(WinRmAuthenticationException.class)
                .hasMessageContaining("not allowed to receive it");
        assertThatThrownBy(() -> WinRmClient.builder()
                .credentials(Credentials.credSsp(server.user(), server.password().toCharArray()))
                .pinCertificateSha256(server.certificateSha256()).build().run(https, "true"))
                .isInstanceOf(WinRmAuthenticationException.class).hasMessageContaining("not allowed");
    }

    @Test
    void aServerWithCredSspOffSaysSo() {
        try (TestServer off = TestServer.start()) {
            Endpoint e = Endpoint.parse(off.httpsEndpoint().toString(), false);
            assertThatThrownBy(() -> WinRmClient.builder()
                    .credentials(Credentials.credSsp(off.user(), off.password().toCharArray()))
                    .allowCredSspTo(TrustedHosts.parse("127.0.0.1"))
                    .pinCertificateSha256(off.certificateSha256()).build().run(e, "true"))
                    .isInstanceOf(WinRmAuthenticationException.class).hasMessageContaining("does not offer CredSSP");
        }
    }
}
