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
import io.openwinrm.protocol.shell.IdentifyResponse;
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

/** Our client against our server with each mechanism: NTLM (encrypted over HTTP, bound over HTTPS), certificate. */
@Timeout(90)
class AuthenticationRoundTripTest {

    private static TestServer server;
    private static Endpoint http;
    private static Endpoint https;

    @BeforeAll
    static void start() {
        // strict channel binding: our client must send a binding that matches over HTTPS
        server = TestServer.start(TestServer.Options.defaults().cbtHardening("strict"));
        http = Endpoint.parse(server.httpEndpoint().toString(), false);
        https = Endpoint.parse(server.httpsEndpoint().toString(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WinRmClient.Builder ntlm(String password) {
        return WinRmClient.builder().credentials(Credentials.negotiate(server.user(), password.toCharArray()))
                .pinCertificateSha256(server.certificateSha256()).operationTimeout(Duration.ofSeconds(2));
    }

    @Test
    void ntlmOverHttpEncryptsEveryMessage() throws Exception {
        WinRmClient client = ntlm(server.password()).trustedHosts(TrustedHosts.parse("127.0.0.1")).build();
        try (Shell shell = client.openShell(http)) {
            CommandResult r = shell.run("echo out; echo err 1>&2; exit 4", List.of());
            assertThat(r.stdoutText()).isEqualTo("out\n");
            assertThat(r.stderrText()).isEqualTo("err\n");
            assertThat(r.exitCode()).isEqualTo(4);
            // several commands and a long poll on the same encrypted connections (sequence numbers advance)
            assertThat(shell.run("sleep 3; printf done", List.of()).stdoutText()).isEqualTo("done");
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteArrayOutputStream sum = new ByteArrayOutputStream();
            try (Command c = shell.execute("head -c 5000000 /dev/urandom | tee /dev/stderr | sha256sum", List.of())) {
                c.sendInput(new byte[0], true);
                assertThat(c.await((s, d) -> {
                    if (s.equals("stderr")) {
                        md.update(d);
                    } else {
                        sum.writeBytes(d);
                    }
                })).isZero();
            }
            assertThat(sum.toString(StandardCharsets.US_ASCII)).startsWith(HexFormat.of().formatHex(md.digest()));
        }
    }

    @Test
    void ntlmOverHttpsSendsAMatchingChannelBinding() {
        CommandResult r = ntlm(server.password()).build().run(https, "printf ok");
        assertThat(r.stdoutText()).isEqualTo("ok");
    }

    @Test
    void ntlmWithTheWrongPasswordIsRefused() {
        WinRmClient bad = ntlm("not-the-password").trustedHosts(TrustedHosts.parse("*")).build();
        assertThatThrownBy(() -> bad.run(http, "true")).isInstanceOf(WinRmAuthenticationException.class)
                .hasMessageContaining("access denied").hasMessageContaining("401");
        assertThatThrownBy(() -> bad.run(https, "true")).isInstanceOf(WinRmAuthenticationException.class);
    }

    @Test
    void passwordsOverHttpNeedTrustedHostsAndNothingIsSentOtherwise() {
        WinRmClient client = ntlm(server.password()).build();
        assertThatThrownBy(() -> client.run(http, "true")).isInstanceOf(WinRmAuthenticationException.class)
                .hasMessageContaining("cannot verify the identity of 127.0.0.1")
                .hasMessageContaining("HTTPS").hasMessageContaining("openwinrm trustedhosts add 127.0.0.1");
        // refused before connecting: no listener needed at all
        Endpoint nowhere = Endpoint.parse("http://127.0.0.1:1/wsman", false);
        assertThatThrownBy(() -> client.run(nowhere, "true")).isInstanceOf(WinRmAuthenticationException.class);
        WinRmClient basic = WinRmClient.builder()
                .credentials(Credentials.basic(server.user(), server.password().toCharArray()))
                .allowBasicOverHttp(true).build();
        assertThatThrownBy(() -> basic.run(nowhere, "true")).isInstanceOf(WinRmAuthenticationException.class)
                .hasMessageContaining("TrustedHosts");
    }

    @Test
    void clientCertificateAuthenticates() {
        WinRmClient client = WinRmClient.builder()
                .credentials(Credentials.certificate(server.clientCertificatePem(), server.clientKeyPem()))
                .pinCertificateSha256(server.certificateSha256()).build();
        assertThat(client.run(https, "printf cert-ok").stdoutText()).isEqualTo("cert-ok");
        IdentifyResponse id = client.identify(https, true);
        assertThat(id.securityProfiles()).contains("http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/mutual");
    }

    @Test
    void certificateOverPlainHttpIsRefusedUpFront() {
        WinRmClient client = WinRmClient.builder()
                .credentials(Credentials.certificate(server.clientCertificatePem(), server.clientKeyPem()))
                .build();
        assertThatThrownBy(() -> client.run(http, "true")).isInstanceOf(WinRmAuthenticationException.class)
                .hasMessageContaining("HTTPS");
    }

    @Test
    void anUnmappedCertificateIsRefused() throws Exception {
        var other = io.openwinrm.transport.tls.SelfSignedCertificates.generateClient("mallory", "mallory@localhost",
                Duration.ofDays(1));
        var dir = java.nio.file.Files.createTempDirectory("mallory");
        other.write(dir.resolve("c.pem"), dir.resolve("k.pem"));
        WinRmClient client = WinRmClient.builder()
                .credentials(Credentials.certificate(dir.resolve("c.pem"), dir.resolve("k.pem")))
                .pinCertificateSha256(server.certificateSha256()).build();
        // not issued by a trusted CA: the JDK does not even offer it, and the service answers 401
        assertThatThrownBy(() -> client.run(https, "true")).isInstanceOf(WinRmAuthenticationException.class);
    }
}
