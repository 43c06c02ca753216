package io.openwinrm.transport.server;

import io.netty.handler.ssl.SslContext;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable configuration of a {@link WsmanHttpServer}, validated as a whole when built.
 *
 * @param listeners       the sockets to bind, at least one, unique names
 * @param tls             server TLS context, required when a listener has {@code tls} and no
 *                        {@link ListenerConfig#clientCertificates()} of its own
 *                        (see {@link io.openwinrm.transport.tls.ServerSslContexts})
 * @param authMechanisms  offered schemes in challenge order
 * @param handler         the application
 * @param maxRequestBytes largest accepted request body: MaxEnvelopeSizekb * 1024 ([MS-WSMV] 3.1.4.1.20)
 * @param idleTimeout     a connection with no exchange in flight is closed after this long without traffic
 * @param throttle        authentication failure brake
 * @param limits          connections, request read time and request body memory
 * @param ioThreads       event loop threads; 0 for Netty's default
 * @param authThreads     threads running authentication steps (password hashing)
 * @param events          told about authentication outcomes (monitoring)
 */
public record WsmanHttpServerConfig(List<ListenerConfig> listeners, Optional<SslContext> tls,
                                    List<AuthMechanismFactory> authMechanisms, WsmanRequestHandler handler,
                                    int maxRequestBytes, Duration idleTimeout, AuthThrottleSettings throttle,
                                    TransportLimits limits, int ioThreads, int authThreads, TransportEvents events) {

    public static final int DEFAULT_MAX_ENVELOPE_SIZE_KB = 500;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);

    /** Without monitoring. */
    public WsmanHttpServerConfig(List<ListenerConfig> listeners, Optional<SslContext> tls,
                                 List<AuthMechanismFactory> authMechanisms, WsmanRequestHandler handler,
                                 int maxRequestBytes, Duration idleTimeout, AuthThrottleSettings throttle,
                                 TransportLimits limits, int ioThreads, int authThreads) {
        this(listeners, tls, authMechanisms, handler, maxRequestBytes, idleTimeout, throttle, limits, ioThreads,
                authThreads, TransportEvents.NONE);
    }

    public WsmanHttpServerConfig {
        listeners = List.copyOf(listeners);
        authMechanisms = List.copyOf(authMechanisms);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(events, "events");
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener is required");
        }
        Set<String> names = new HashSet<>();
        for (ListenerConfig l : listeners) {
            if (!names.add(l.name())) {
                throw new IllegalArgumentException("duplicate listener name '" + l.name() + "'");
            }
            if (l.tls() && tls.isEmpty() && l.clientCertificates().isEmpty()) {
                throw new IllegalArgumentException("listener '" + l.name() + "' uses TLS but no certificate is configured");
            }
        }
        Set<String> schemes = new HashSet<>();
        for (AuthMechanismFactory f : authMechanisms) {
            if (!schemes.add(f.scheme().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("authentication scheme '" + f.scheme() + "' configured twice");
            }
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024: " + maxRequestBytes);
        }
        if (limits.maxBufferedBodyBytes() < maxRequestBytes) {
            throw new IllegalArgumentException("the request body budget (" + limits.maxBufferedBodyBytes()
                    + " bytes) is smaller than the largest request (" + maxRequestBytes + " bytes)");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (ioThreads < 0 || authThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be >= 0 and authThreads >= 1");
        }
    }
}
