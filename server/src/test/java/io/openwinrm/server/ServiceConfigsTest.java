package io.openwinrm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.config.ServiceConfig;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.endpoint.EndpointRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration resource reports the server's own configuration, with Windows' conventions. */
class ServiceConfigsTest {

    @Test
    void valuesComeFromTheServerConfiguration() {
        ServerConfig config = ServerConfig.defaults(Path.of("cert.pem"), Path.of("key.pem"), Path.of("accounts"))
                .withListeners(List.of(ListenerSettings.https("0.0.0.0", 0),
                        new ListenerSettings("http", "127.0.0.1", 5985, false, true)))
                .withMaxEnvelopeSizeKb(384).withMaxTimeout(Duration.ofSeconds(45))
                .withMaxConcurrentOperationsPerUser(77)
                .withShellLimits(new ShellLimits(7, 3, 11, Duration.ofSeconds(600), Duration.ofSeconds(60),
                        Duration.ofSeconds(7200), Duration.ofHours(2), 256L << 20, 512L << 20, 1 << 20, 4, 1 << 20,
                        Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(7200),
                        Duration.ofMillis(Integer.MAX_VALUE), ShellLimits.DEFAULTS.bufferMode()));
        List<WinRmServer.BoundListener> bound = List.of(
                new WinRmServer.BoundListener("https", new InetSocketAddress("0.0.0.0", 40123), true),
                new WinRmServer.BoundListener("http", new InetSocketAddress("127.0.0.1", 5985), false));
        ServiceConfig c = ServiceConfigs.of(config, 32000, 240000, EndpointRegistry.defaults(), bound);
        assertThat(c.maxEnvelopeSizeKb()).isEqualTo(384);
        assertThat(c.maxTimeoutMs()).isEqualTo(45000);
        assertThat(c.service().maxConcurrentOperationsPerUser()).isEqualTo(77);
        assertThat(c.service().allowUnencrypted()).isTrue();
        assertThat(c.service().cbtHardeningLevel()).isEqualTo("Relaxed");
        assertThat(c.winrs().maxShellsPerUser()).isEqualTo(7);
        assertThat(c.winrs().maxConcurrentUsers()).isEqualTo(3);
        assertThat(c.winrs().maxProcessesPerShell()).isEqualTo(11);
        assertThat(c.winrs().idleTimeoutMs()).isEqualTo(600_000);
        assertThat(c.winrs().maxShellRunTimeMs()).isEqualTo(7_200_000);
        assertThat(c.winrs().maxMemoryPerShellMb()).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.listeners()).containsExactly(new ServiceConfig.Listener("*", "HTTPS", 40123, true, "wsman"),
                new ServiceConfig.Listener("127.0.0.1", "HTTP", 5985, true, "wsman"));
    }
}
