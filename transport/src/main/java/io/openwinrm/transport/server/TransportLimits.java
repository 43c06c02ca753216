package io.openwinrm.transport.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What one server lets clients hold before they have proven who they are, and in all: connections, the time a
 * request may take to arrive, and the bytes of request bodies held in memory. Immutable; validated when built.
 *
 * <p>Defaults never bother a legitimate client: a fan-out client opens a few connections per command (Go's client
 * two), Windows' own {@code MaxConnections} is 300 concurrent requests, and HTTP.sys waits 120 s for a request's
 * headers and body ({@code HeaderWait}, {@code EntityBody}) where WinRM clients send a request in one write.
 *
 * @param maxConnections           open connections of all listeners together; more are closed at accept
 * @param maxConnectionsPerAddress open connections from one client address (IPv6: one /64, {@link ClientAddress});
 *                                 more are closed at accept
 * @param requestReadTimeout       a request whose head and body have not fully arrived this long after its first
 *                                 byte is answered 408 (or, if already answered, dropped) and its connection
 *                                 closed
 * @param maxBufferedBodyBytes     bytes of request bodies held in memory at once, over all connections: a request
 *                                 whose {@code Content-Length} does not fit is answered 503 with {@code Retry-After}
 *                                 before its body is read
 * @param maxUnauthenticatedBytes  the part of that any not yet authenticated request may hold (anonymous Identify
 *                                 bodies, and what arrived of a body while its credentials were being checked); over
 *                                 it the request is answered 503
 */
public record TransportLimits(int maxConnections, int maxConnectionsPerAddress, Duration requestReadTimeout,
                              long maxBufferedBodyBytes, long maxUnauthenticatedBytes) {

    public static final int DEFAULT_MAX_CONNECTIONS = 2000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 100;
    public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_BUFFERED_BODY_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_MAX_UNAUTHENTICATED_BYTES = 4L * 1024 * 1024;

    public TransportLimits {
        Objects.requireNonNull(requestReadTimeout, "requestReadTimeout");
        if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (maxConnectionsPerAddress > maxConnections) {
            throw new IllegalArgumentException("maxConnectionsPerAddress (" + maxConnectionsPerAddress
                    + ") exceeds maxConnections (" + maxConnections + ")");
        }
        if (requestReadTimeout.isNegative() || requestReadTimeout.isZero()) {
            throw new IllegalArgumentException("requestReadTimeout must be positive");
        }
        if (maxBufferedBodyBytes < 1024 || maxUnauthenticatedBytes < 1024) {
            throw new IllegalArgumentException("body budgets must be at least 1024 bytes");
        }
    }

    public static TransportLimits defaults() {
        return new TransportLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_REQUEST_READ_TIMEOUT, DEFAULT_MAX_BUFFERED_BODY_BYTES, DEFAULT_MAX_UNAUTHENTICATED_BYTES);
    }

    public TransportLimits withMaxConnections(int total, int perAddress) {
        return new TransportLimits(total, perAddress, requestReadTimeout, maxBufferedBodyBytes,
                maxUnauthenticatedBytes);
    }

    public TransportLimits withRequestReadTimeout(Duration timeout) {
        return new TransportLimits(maxConnections, maxConnectionsPerAddress, timeout, maxBufferedBodyBytes,
                maxUnauthenticatedBytes);
    }

    public TransportLimits withBodyBudgets(long buffered, long unauthenticated) {
        return new TransportLimits(maxConnections, maxConnectionsPerAddress, requestReadTimeout, buffered,
                unauthenticated);
    }
}
