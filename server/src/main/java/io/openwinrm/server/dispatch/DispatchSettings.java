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
 * @param maxConcurrentOperationsPerUser MaxConcurrentOperationsPerUser: requests of one user in flight at once
 */
public record DispatchSettings(long maxEnvelopeSizeBytes, Duration maxTimeout, String machine,
        List<String> securityProfiles, int maxConcurrentOperationsPerUser) {

    public static final long DEFAULT_MAX_ENVELOPE_SIZE = 500L * 1024;
    public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofMillis(60_000);
    public static final int DEFAULT_MAX_CONCURRENT_OPERATIONS_PER_USER = 1500;

    /** With {@link #DEFAULT_MAX_CONCURRENT_OPERATIONS_PER_USER}. */
    public DispatchSettings(long maxEnvelopeSizeBytes, Duration maxTimeout, String machine,
            List<String> securityProfiles) {
        this(maxEnvelopeSizeBytes, maxTimeout, machine, securityProfiles, DEFAULT_MAX_CONCURRENT_OPERATIONS_PER_USER);
    }

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
        if (maxConcurrentOperationsPerUser < 1) {
            throw new IllegalArgumentException("MaxConcurrentOperationsPerUser must be at least 1");
        }
    }
}
