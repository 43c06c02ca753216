package io.openwinrm.cli;

import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.config.ServerConfigFile;
import io.openwinrm.cli.metrics.MetricsExporter;
import io.openwinrm.server.WinRmServer;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.metrics.RequestMetrics;
import io.openwinrm.server.metrics.ShellCounts;
import io.openwinrm.transport.server.TransportEvents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The metrics endpoint of a running server, when {@code [metrics] listen} asks for one: started before the server (so
 * that the server reports to it from its first request) and told the server once it runs, to count its shells. In a
 * privilege-separated server it runs in the network service, which answers the requests.
 */
final class Monitoring implements AutoCloseable {

    private static final ShellCounts NONE = new ShellCounts(Map.of(), Map.of());

    private final Optional<MetricsExporter> exporter;
    private final AtomicReference<WinRmServer> server;

    private Monitoring(Optional<MetricsExporter> exporter, AtomicReference<WinRmServer> server) {
        this.exporter = exporter;
        this.server = server;
    }

    /**
     * @param file   the configuration the server was started from (the network service's copy)
     * @param config the settings it runs with (the listeners after the command line's overrides)
     * @throws CliException for a bad {@code [metrics]} section or an address that cannot be bound
     */
    static Monitoring start(ServerConfigFile file, ServerConfig config) {
        Optional<InetSocketAddress> listen;
        try {
            listen = file.metrics(config.listeners());
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        AtomicReference<WinRmServer> server = new AtomicReference<>();
        if (listen.isEmpty()) {
            return new Monitoring(Optional.empty(), server);
        }
        try {
            MetricsExporter exporter = MetricsExporter.start(listen.get(), () -> {
                WinRmServer s = server.get();
                return s == null ? NONE : s.shells().counts();
            });
            System.out.println("openwinrm: metrics on http://" + listen.get().getAddress().getHostAddress() + ":"
                    + exporter.port() + "/metrics");
            return new Monitoring(Optional.of(exporter), server);
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, "cannot listen for metrics on " + listen.get() + ": "
                    + e.getMessage());
        }
    }

    RequestMetrics requests() {
        return exporter.<RequestMetrics>map(e -> e).orElse(RequestMetrics.NONE);
    }

    TransportEvents authentication() {
        return exporter.<TransportEvents>map(e -> e).orElse(TransportEvents.NONE);
    }

    /** The server whose shells the endpoint counts. */
    void serving(WinRmServer running) {
        server.set(running);
    }

    @Override
    public void close() {
        exporter.ifPresent(MetricsExporter::close);
    }
}
