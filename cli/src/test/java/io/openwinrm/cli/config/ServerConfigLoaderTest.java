package io.openwinrm.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.transport.server.AuthThrottleSettings;
import io.openwinrm.transport.server.TransportLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigLoaderTest {

    private static final Path HOME = Path.of("/srv/owr");

    @Test
    void emptyFileMeansWinRmDefaults() throws Exception {
        ServerConfig c = ServerConfigLoader.parse("", "t.toml", HOME);
        assertThat(c.maxEnvelopeSizeKb()).isEqualTo(500);
        assertThat(c.maxTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxConcurrentOperationsPerUser()).isEqualTo(1500);
        assertThat(c.shellLimits().maxShellsPerUser()).isEqualTo(30);
        assertThat(c.shellLimits().maxConcurrentUsers()).isEqualTo(10);
        assertThat(c.shellLimits().maxProcessesPerShell()).isEqualTo(25);
        assertThat(c.shellLimits().stdinBufferBytes()).isEqualTo(1024 * 1024);
        assertThat(c.shellLimits().maxWaitingSends()).isEqualTo(4);
        assertThat(c.shellLimits().maxWaitingSendBytes()).isEqualTo(1024 * 1024);
        assertThat(c.listeners()).extracting(l -> l.port()).containsExactly(5986, 5985);
        assertThat(c.certificateFile()).isEqualTo(HOME.resolve("tls/server.crt"));
        assertThat(c.accountsFile()).isEqualTo(HOME.resolve("accounts"));
        assertThat(c.auth().basic()).isTrue();
        assertThat(c.auth().negotiate()).isTrue();
        assertThat(c.auth().certificate()).isFalse();
        assertThat(c.auth().cbtHardening()).isEqualTo("relaxed");
    }

    @Test
    void everyKeyIsRead() throws Exception {
        String toml = """
                [service]
                max_envelope_size_kb = 150
                max_timeout_ms = 30000
                http_idle_timeout_s = 10
                max_concurrent_operations_per_user = 15
                [auth]
                basic = false
                cbt_hardening = "strict"
                [winrs]
                max_shells_per_user = 3
                max_concurrent_users = 2
                max_processes_per_shell = 4
                idle_timeout_ms = 120000
                disconnected_idle_timeout_ms = 600000
                buffer_mode = "drop"
                stdin_buffer_kb = 64
                max_waiting_sends = 1
                max_waiting_send_kb = 512
                [tls]
                certificate = "/etc/pki/c.pem"
                private_key = "k.pem"
                [accounts]
                file = "users"
                [[listener]]
                name = "lo"
                address = "127.0.0.1"
                port = 15985
                transport = "http"
                allow_unencrypted = true
                """;
        ServerConfig c = ServerConfigLoader.parse(toml, "t.toml", HOME);
        assertThat(c.maxEnvelopeSizeKb()).isEqualTo(150);
        assertThat(c.maxTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.httpIdleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxConcurrentOperationsPerUser()).isEqualTo(15);
        assertThat(c.auth().basic()).isFalse();
        assertThat(c.auth().negotiate()).isTrue();
        assertThat(c.shellLimits().maxShellsPerUser()).isEqualTo(3);
        assertThat(c.shellLimits().maxConcurrentUsers()).isEqualTo(2);
        assertThat(c.shellLimits().maxProcessesPerShell()).isEqualTo(4);
        assertThat(c.shellLimits().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.shellLimits().disconnectedIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.shellLimits().bufferMode()).isEqualTo(io.openwinrm.protocol.shell.BufferMode.DROP);
        assertThat(c.shellLimits().stdinBufferBytes()).isEqualTo(64 * 1024);
        assertThat(c.shellLimits().maxWaitingSends()).isEqualTo(1);
        assertThat(c.shellLimits().maxWaitingSendBytes()).isEqualTo(512 * 1024);
        assertThat(c.certificateFile()).isEqualTo(Path.of("/etc/pki/c.pem"));
        assertThat(c.privateKeyFile()).isEqualTo(HOME.resolve("k.pem"));
        assertThat(c.accountsFile()).isEqualTo(HOME.resolve("users"));
        assertThat(c.listeners()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("lo");
            assertThat(l.address()).isEqualTo("127.0.0.1");
            assertThat(l.port()).isEqualTo(15985);
            assertThat(l.https()).isFalse();
            assertThat(l.allowUnencrypted()).isTrue();
        });
    }

    @Test
    void certificateAuthNeedsATrustedIssuerFile() {
        assertThatThrownBy(() -> ServerConfigLoader.parse("[auth]\ncertificate = true\n", "x", HOME))
                .isInstanceOf(ConfigException.class).hasMessageContaining("client_ca");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[auth]\ncbt_hardening = \"lax\"\n", "x", HOME))
                .hasMessageContaining("cbt_hardening");
        assertThatThrownBy(() -> ServerConfigLoader.parse(
                "[auth]\nbasic = false\nnegotiate = false\n", "x", HOME)).hasMessageContaining("no authentication");
    }

    @Test
    void credSspIsOffUnlessSwitchedOn() throws Exception {
        assertThat(ServerConfigLoader.parse("", "x", HOME).auth().credssp()).isFalse();
        assertThat(ServerConfigLoader.parse("[auth]\ncredssp = true\n", "x", HOME).auth().credssp()).isTrue();
        // CredSSP alone is a scheme: a configuration with only it enabled is valid
        assertThat(ServerConfigLoader.parse("[auth]\nbasic = false\nnegotiate = false\ncredssp = true\n", "x", HOME)
                .auth().credssp()).isTrue();
        assertThatThrownBy(() -> ServerConfigLoader.parse("[auth]\ncredssp = \"yes\"\n", "x", HOME))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.credssp");
    }

    @Test
    void unknownKeysAreErrorsNamingTheKey() {
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service]\nmax_envelope_size = 5\n", "x.toml", HOME))
                .isInstanceOf(ConfigException.class).hasMessage("x.toml: unknown key 'service.max_envelope_size'");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[servce]\n", "x.toml", HOME))
                .hasMessage("x.toml: unknown section or key 'servce'");
    }

    @Test
    void wrongTypesAndRangesAreErrors() {
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service]\nmax_timeout_ms = \"60s\"\n", "x", HOME))
                .hasMessage("x: 'service.max_timeout_ms' must be an integer");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service]\nmax_envelope_size_kb = 8\n", "x", HOME))
                .hasMessageContaining("between 32 and 65536");
        assertThatThrownBy(() -> ServerConfigLoader.parse(
                "[service]\nmax_concurrent_operations_per_user = 0\n", "x", HOME))
                .hasMessage("x: 'service.max_concurrent_operations_per_user' must be between 1 and 1000000, not 0");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[winrs]\nmax_waiting_sends = 0\n", "x", HOME))
                .hasMessage("x: 'winrs.max_waiting_sends' must be between 1 and 1000, not 0");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[winrs]\nmax_waiting_send_kb = -1\n", "x", HOME))
                .hasMessageContaining("'winrs.max_waiting_send_kb' must be between 1 and 1048576");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[winrs]\nstdin_buffer_kb = \"1M\"\n", "x", HOME))
                .hasMessage("x: 'winrs.stdin_buffer_kb' must be an integer");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[auth]\nbasic = 1\n", "x", HOME))
                .hasMessage("x: 'auth.basic' must be true or false");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[[listener]]\ntransport = \"ftp\"\n", "x", HOME))
                .hasMessageContaining("must be \"http\" or \"https\"");
        assertThatThrownBy(() -> ServerConfigLoader.parse(
                "[[listener]]\ntransport = \"https\"\nallow_unencrypted = true\n", "x", HOME))
                .hasMessageContaining("http listeners only");
    }

    @Test
    void transportLimitsAndTheAuthThrottleHaveDefaultsAndAreRead() throws Exception {
        ServerConfig d = ServerConfigLoader.parse("", "t.toml", HOME);
        assertThat(d.transportLimits()).isEqualTo(TransportLimits.defaults());
        assertThat(d.transportLimits().maxConnections()).isEqualTo(2000);
        assertThat(d.transportLimits().maxConnectionsPerAddress()).isEqualTo(100);
        assertThat(d.transportLimits().requestReadTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.authThrottle()).isEqualTo(AuthThrottleSettings.defaults());
        String toml = """
                [service]
                max_connections = 50
                max_connections_per_address = 5
                request_read_timeout_s = 7
                request_buffer_kb = 1024
                unauthenticated_buffer_kb = 64
                auth_failure_limit = 3
                auth_failure_window_s = 20
                auth_block_s = 4
                """;
        ServerConfig c = ServerConfigLoader.parse(toml, "t.toml", HOME);
        assertThat(c.transportLimits()).isEqualTo(new TransportLimits(50, 5, Duration.ofSeconds(7), 1024 * 1024,
                64 * 1024));
        assertThat(c.authThrottle()).isEqualTo(new AuthThrottleSettings(3, Duration.ofSeconds(20),
                Duration.ofSeconds(4)));
        assertThat(ServerConfigLoader.parse("[service]\nauth_failure_limit = 0\n", "t", HOME).authThrottle()
                .maxFailures()).as("0 turns the brake off").isZero();
    }

    @Test
    void transportLimitErrorsNameTheKey() {
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service]\nmax_connections = 0\n", "x", HOME))
                .hasMessage("x: 'service.max_connections' must be between 1 and 1000000, not 0");
        assertThatThrownBy(() -> ServerConfigLoader.parse(
                "[service]\nmax_connections = 10\nmax_connections_per_address = 11\n", "x", HOME))
                .hasMessage("x: 'service.max_connections_per_address' (11) must not exceed 'service.max_connections'"
                        + " (10)");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service]\nrequest_read_timeout_s = \"60s\"\n", "x", HOME))
                .hasMessage("x: 'service.request_read_timeout_s' must be an integer");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service]\nrequest_buffer_kb = 100\n", "x", HOME))
                .hasMessage("x: 'service.request_buffer_kb' (100) must be at least 'service.max_envelope_size_kb'"
                        + " (500)");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service]\nunauthenticated_buffer_kb = 1\n", "x", HOME))
                .hasMessageContaining("'service.unauthenticated_buffer_kb' must be between 16 and");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service]\nauth_failure_limit = -1\n", "x", HOME))
                .hasMessageContaining("'service.auth_failure_limit' must be between 0 and");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service]\nauth_block_s = 0\n", "x", HOME))
                .hasMessageContaining("'service.auth_block_s' must be between 1 and");
    }

    @Test
    void malformedTomlIsReportedNotThrown() {
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service\n", "x.toml", HOME))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("x.toml: not valid TOML");
    }

    @Test
    void duplicateListenerNamesAreRefused() {
        String toml = "[[listener]]\ntransport = \"http\"\n[[listener]]\ntransport = \"http\"\nport = 1\n";
        assertThatThrownBy(() -> ServerConfigLoader.parse(toml, "x", HOME)).hasMessageContaining("unique");
    }

    @Test
    void ipFilterDefaultsToEverything() throws Exception {
        ServerConfig c = ServerConfigLoader.parse("", "t.toml", HOME);
        assertThat(c.listeners()).allMatch(l -> l.ipFilter().allowsAll());
    }

    @Test
    void serviceIpFilterAppliesToEveryListenerAndAListenerMayOverrideIt() throws Exception {
        ServerConfig c = ServerConfigLoader.parse("""
                [service]
                ipv4_filter = "10.0.0.0/24, 192.168.1.5-192.168.1.9"
                ipv6_filter = ""
                [[listener]]
                transport = "https"
                [[listener]]
                transport = "http"
                ipv4_filter = "127.0.0.1"
                """, "t.toml", HOME);
        var https = c.listeners().get(0).ipFilter();
        var http = c.listeners().get(1).ipFilter();
        assertThat(https.allows(java.net.InetAddress.getByName("10.0.0.77"))).isTrue();
        assertThat(https.allows(java.net.InetAddress.getByName("192.168.1.7"))).isTrue();
        assertThat(https.allows(java.net.InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(https.allows(java.net.InetAddress.getByName("::1"))).isFalse();
        assertThat(http.allows(java.net.InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(http.allows(java.net.InetAddress.getByName("10.0.0.77"))).isFalse();
        // the listener's ipv6_filter is inherited from [service]
        assertThat(http.ipv6().toFilterString()).isEmpty();
        // no [[listener]]: the default listeners get the [service] filter
        ServerConfig d = ServerConfigLoader.parse("[service]\nipv4_filter = \"127.0.0.1\"\n", "t.toml", HOME);
        assertThat(d.listeners()).hasSize(2).allMatch(l -> !l.ipFilter().allowsAll());
    }

    @Test
    void badIpFilterNamesFileKeyAndEntry() {
        assertThatThrownBy(() -> ServerConfigLoader.parse("[service]\nipv4_filter = \"10.0.0.1-10.0.0.0\"\n",
                "t.toml", HOME)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("t.toml").hasMessageContaining("service.ipv4_filter")
                .hasMessageContaining("10.0.0.1-10.0.0.0");
        assertThatThrownBy(() -> ServerConfigLoader.parse("[[listener]]\ntransport = \"http\"\nipv6_filter = 5\n",
                "t.toml", HOME)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("listener[0].ipv6_filter").hasMessageContaining("must be a string");
    }
}
