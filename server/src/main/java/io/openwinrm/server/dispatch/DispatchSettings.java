package io.openwinrm.server.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Service-wide limits the dispatcher applies to every request ([MS-WSMV] 2.2.4.42 Service settings).
 *
 * @param maxEnvelopeSizeBytes MaxEnvelopeSizekb × 1024: the largest request accepted and reply sent
 * @param maxTimeout           MaxTimeoutms: the cap on a request's OperationTimeout
 * @param machine              the name reported in {@code f:WSManFault/@Machine}
 * @param securityProfiles     the security profile URIs Identify reports to authenticated callers
 */
public record DispatchSettings(long maxEnvelopeSizeBytes, Duration maxTimeout, String machine,
        List<String> securityProfiles) {

    public static final long DEFAULT_MAX_ENVELOPE_SIZE = 500L * 1024;
    public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofMillis(60_000);

    public DispatchSettings {
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        Objects.requireNonNull(machine, "machine");
        securityProfiles = List.copyOf(securityProfiles);
        if (maxEnvelopeSizeBytes < 32 * 1024) {
            throw new IllegalArgumentException("MaxEnvelopeSizekb must be at least 32");
        }
        if (maxTimeout.toMillis() < 500) {
            throw new IllegalArgumentException("MaxTimeoutms must be at least 500");
        }
    }
}
