package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.config.ServerConfigLoader;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.testkit.TestServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16's metrics: {@code openwinrm serve} with {@code [metrics] listen} (as root the privilege-separated server,
 * whose network service runs the endpoint) serves the Prometheus text format on its own address, and the counters
 * move with real traffic: requests by action and result, authentications by mechanism and result, bytes, open shells
 * by endpoint, JVM memory.
 */
@Timeout(120)
class MetricsEndpointTest {

    private static TestServer server;
    private static URI metrics;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        server = TestServer.start(TestServer.Options.defaults().separateProcess(true).metrics("127.0.0.1:" + port));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void countersMoveWithTraffic() throws Exception {
        String before = scrape();
        WinRmClient good = WinRmClient.builder().credentials(Credentials.basic(server.user(),
                server.password().toCharArray())).pinCertificateSha256(server.certificateSha256()).build();
        Endpoint https = Endpoint.parse(server.httpsEndpoint().toString(), false);
        assertThat(good.run(https, "echo metered").stdoutText()).isEqualTo("metered\n");
        WinRmClient bad = WinRmClient.builder().credentials(Credentials.basic(server.user(),
                "not-the-password".toCharArray())).pinCertificateSha256(server.certificateSha256()).build();
        assertThatThrownBy(() -> bad.run(https, "true")).isInstanceOf(WinRmAuthenticationException.class);

        try (Shell open = good.openShell(https, ShellOptions.DEFAULT)) {
            String during = scrape();
            assertThat(value(during, "openwinrm_shells{endpoint=\"cmd\"}")).isEqualTo(1);
            assertThat(value(during, "openwinrm_requests_total{action=\"Create\",result=\"ok\"}"))
                    .isGreaterThanOrEqualTo(value(before, "openwinrm_requests_total{action=\"Create\",result=\"ok\"}")
                            + 2);
            assertThat(value(during, "openwinrm_requests_total{action=\"Receive\",result=\"ok\"}")).isPositive();
            assertThat(value(during, "openwinrm_authentications_total{mechanism=\"Basic\",result=\"success\"}"))
                    .isPositive();
            assertThat(value(during, "openwinrm_authentications_total{mechanism=\"Basic\",result=\"failure\"}"))
                    .isPositive();
            assertThat(value(during, "openwinrm_request_bytes_total")).isGreaterThan(
                    value(before, "openwinrm_request_bytes_total"));
            assertThat(value(during, "openwinrm_reply_bytes_total")).isPositive();
            assertThat(during).contains("openwinrm_request_duration_seconds_bucket{action=\"Command\",le=")
                    .contains("jvm_memory_used_bytes");
        }
        assertThat(value(scrape(), "openwinrm_shells{endpoint=\"cmd\"}")).isZero();
    }

    @Test
    void theWinRmListenersDoNotServeMetrics() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.httpEndpoint().resolve("/metrics").toString())).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).doesNotContain("openwinrm_requests");
    }

    @Test
    void aMetricsPortOfAWinRmListenerIsRefused() {
        List<ListenerSettings> listeners = List.of(ListenerSettings.https("0.0.0.0", 5986));
        assertThatThrownBy(() -> ServerConfigLoader.parseMetrics("[metrics]\nlisten = \"127.0.0.1:5986\"\n", "t",
                listeners)).isInstanceOf(ConfigException.class).hasMessageContaining("never shares a WinRM listener");
        assertThatThrownBy(() -> ServerConfigLoader.parseMetrics("[metrics]\nlisten = \"9985\"\n", "t", listeners))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HOST:PORT");
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The sample's value, 0 when absent. */
    private static double value(String text, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
