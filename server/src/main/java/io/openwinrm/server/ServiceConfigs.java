package io.openwinrm.server;

import io.openwinrm.protocol.config.ServiceConfig;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.server.config.AuthSettings;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The running service's settings as the configuration resource reports them ([MS-WSMV] 2.2.4.10), with Windows'
 * conventions: durations in milliseconds, "no limit" as 2147483647 (what Windows writes for its unlimited quotas,
 * vector {@code wsman-get-config.response.xml}), the all-addresses bind as {@code *}.
 */
final class ServiceConfigs {

    /** How Windows writes an unlimited quota. */
    static final long UNLIMITED = Integer.MAX_VALUE;

    private ServiceConfigs() {
    }

    /**
     * @param endpoints the endpoint registry: MaxMemoryPerShellMB is the default (cmd) endpoint's memory limit
     * @param bound     the listeners as bound (their real ports), in configuration order
     */
    static ServiceConfig of(ServerConfig config, int maxBatchItems, long enumerationTimeoutMs,
            EndpointRegistry endpoints, List<WinRmServer.BoundListener> bound) {
        AuthSettings auth = config.auth();
        boolean allowUnencrypted = config.listeners().stream().anyMatch(ListenerSettings::allowUnencrypted);
        ServiceConfig.Service service = new ServiceConfig.Service(config.maxConcurrentOperationsPerUser(),
                enumerationTimeoutMs, config.transportLimits().maxConnections(), allowUnencrypted, auth.basic(),
                auth.kerberos().isPresent(), auth.negotiate(), auth.certificate(), false,
                capitalized(auth.cbtHardening()));
        ShellLimits limits = config.shellLimits();
        long memory = endpoints.find(ResourceUris.CMD_SHELL).map(Endpoint::limits)
                .map(l -> l.maxMemoryMb() > 0 ? l.maxMemoryMb() : UNLIMITED).orElse(UNLIMITED);
        ServiceConfig.Winrs winrs = new ServiceConfig.Winrs(true, limits.idleTimeout().toMillis(),
                limits.maxConcurrentUsers(), Math.min(UNLIMITED, limits.maxShellRunTime().toMillis()),
                limits.maxProcessesPerShell(), memory, limits.maxShellsPerUser());
        List<ServiceConfig.Listener> listeners = new ArrayList<>();
        for (int i = 0; i < config.listeners().size(); i++) {
            ListenerSettings l = config.listeners().get(i);
            int port = i < bound.size() ? bound.get(i).address().getPort() : l.port();
            listeners.add(new ServiceConfig.Listener(address(l.address()), l.https() ? "HTTPS" : "HTTP", port, true,
                    "wsman"));
        }
        return new ServiceConfig(config.maxEnvelopeSizeKb(), config.maxTimeout().toMillis(), maxBatchItems, service,
                winrs, listeners);
    }

    private static String address(String configured) {
        String a = configured.strip();
        return a.equals("0.0.0.0") || a.equals("::") || a.equals("[::]") || a.equals("*") ? "*" : configured;
    }

    private static String capitalized(String level) {
        return level.isEmpty() ? level : level.substring(0, 1).toUpperCase(Locale.ROOT) + level.substring(1);
    }
}
