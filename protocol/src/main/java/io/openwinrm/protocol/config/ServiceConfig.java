package io.openwinrm.protocol.config;

import io.openwinrm.protocol.soap.Body;
import java.util.List;
import java.util.Objects;

/**
 * {@code cfg:Config}, the body of a Get of the configuration resource ([MS-WSMV] 2.2.4.10 ConfigType), with the
 * elements a WinRM service reports about itself, in Windows' order (vector {@code wsman-get-config.response.xml}):
 * MaxEnvelopeSizekb, MaxTimeoutms, MaxBatchItems, then {@code cfg:Service} and {@code cfg:Winrs}; the listeners
 * follow as {@code cfg:Listener} elements (2.2.4.35 ListenerType), which Windows serves as a resource of their own.
 * Windows' {@code cfg:Client} (the host's client settings) has no counterpart in a server and is not written.
 *
 * @param maxEnvelopeSizeKb MaxEnvelopeSizekb, what pypsrp's {@code update_max_payload_size()} reads
 * @param maxTimeoutMs      MaxTimeoutms
 * @param maxBatchItems     MaxBatchItems: the most items one Enumerate or Pull response carries
 */
public record ServiceConfig(long maxEnvelopeSizeKb, long maxTimeoutMs, long maxBatchItems, Service service,
        Winrs winrs, List<Listener> listeners) implements Body {

    public ServiceConfig {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(winrs, "winrs");
        listeners = List.copyOf(listeners == null ? List.of() : listeners);
    }

    /**
     * {@code cfg:Service} (2.2.4.36 ServiceType), the elements that apply here.
     *
     * @param cbtHardeningLevel Auth/CbtHardeningLevel as Windows writes it ({@code None}, {@code Relaxed},
     *                          {@code Strict})
     */
    public record Service(long maxConcurrentOperationsPerUser, long enumerationTimeoutMs, long maxConnections,
            boolean allowUnencrypted, boolean basic, boolean kerberos, boolean negotiate, boolean certificate,
            boolean credSsp, String cbtHardeningLevel) {
        public Service {
            Objects.requireNonNull(cbtHardeningLevel, "cbtHardeningLevel");
        }
    }

    /** {@code cfg:Winrs} (2.2.4.42 WinrsType); IdleTimeout and MaxShellRunTime in milliseconds. */
    public record Winrs(boolean allowRemoteShellAccess, long idleTimeoutMs, long maxConcurrentUsers,
            long maxShellRunTimeMs, long maxProcessesPerShell, long maxMemoryPerShellMb, long maxShellsPerUser) {
    }

    /**
     * {@code cfg:Listener} (2.2.4.35 ListenerType).
     *
     * @param address   the bind address as configured ({@code *} for all addresses)
     * @param transport {@code HTTP} or {@code HTTPS}
     */
    public record Listener(String address, String transport, int port, boolean enabled, String urlPrefix) {
        public Listener {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(urlPrefix, "urlPrefix");
        }
    }
}
