package io.openwinrm.client.powershell;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a runspace pool ([MS-PSRP] 2.2.2.2, [MS-WSMV] 3.1.4.5): its size, the client's host, the shell's name
 * and idle timeout, and how long to wait for the pool to open.
 *
 * @param minRunspaces {@code MinRunspaces}, at least 1
 * @param maxRunspaces {@code MaxRunspaces}: how many pipelines run at once (more wait on the server)
 * @param host         the host that answers host calls, or empty for a null host (the server then fails Read-Host)
 * @param name         {@code rsp:Name} of the shell (what {@code Get-PSSession} shows), or null
 * @param idleTimeout  {@code rsp:IdleTimeOut}, or empty for the server's
 * @param openTimeout  how long {@code open} and {@code connect} wait for the pool to be Opened
 */
public record PoolOptions(int minRunspaces, int maxRunspaces, Optional<PsHost> host, String name,
        Optional<Duration> idleTimeout, Duration openTimeout) {

    public static final PoolOptions DEFAULT = new PoolOptions(1, 1, Optional.empty(), null, Optional.empty(),
            Duration.ofSeconds(60));

    public PoolOptions {
        if (minRunspaces < 1 || maxRunspaces < minRunspaces) {
            throw new IllegalArgumentException("need 1 <= MinRunspaces <= MaxRunspaces, got " + minRunspaces + " and "
                    + maxRunspaces);
        }
        host = host == null ? Optional.empty() : host;
        idleTimeout = idleTimeout == null ? Optional.empty() : idleTimeout;
        Objects.requireNonNull(openTimeout, "openTimeout");
        if (openTimeout.isNegative() || openTimeout.isZero()) {
            throw new IllegalArgumentException("open timeout must be positive");
        }
    }

    public PoolOptions withRunspaces(int min, int max) {
        return new PoolOptions(min, max, host, name, idleTimeout, openTimeout);
    }

    public PoolOptions withHost(PsHost h) {
        return new PoolOptions(minRunspaces, maxRunspaces, Optional.of(h), name, idleTimeout, openTimeout);
    }

    public PoolOptions withName(String n) {
        return new PoolOptions(minRunspaces, maxRunspaces, host, n, idleTimeout, openTimeout);
    }

    public PoolOptions withIdleTimeout(Duration d) {
        return new PoolOptions(minRunspaces, maxRunspaces, host, name, Optional.of(d), openTimeout);
    }

    public PoolOptions withOpenTimeout(Duration d) {
        return new PoolOptions(minRunspaces, maxRunspaces, host, name, idleTimeout, d);
    }
}
