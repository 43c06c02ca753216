package io.openwinrm.transport.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies one server holds in memory, against {@link TransportLimits#maxBufferedBodyBytes()}
 * in all and {@link TransportLimits#maxUnauthenticatedBytes()} for requests not (yet) authenticated. Bytes are
 * reserved before they are read (a body's whole {@code Content-Length} at its head) and given back when freed.
 * Over the budget the caller answers 503 with {@code Retry-After} rather than pausing: a paused connection would
 * keep its reservation while its client decides how fast it sends. Thread-safe, lock-free.
 */
final class RequestBodyBudget {

    private final long maxTotal;
    private final long maxUnauthenticated;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong unauthenticated = new AtomicLong();

    RequestBodyBudget(long maxTotal, long maxUnauthenticated) {
        this.maxTotal = maxTotal;
        this.maxUnauthenticated = maxUnauthenticated;
    }

    /**
     * Reserves {@code bytes}; an unauthenticated reservation counts against both limits.
     *
     * @return {@code false} (nothing reserved) if it does not fit
     */
    boolean reserve(long bytes, boolean authenticated) {
        if (bytes == 0) {
            return true;
        }
        if (!authenticated && !add(unauthenticated, bytes, maxUnauthenticated)) {
            return false;
        }
        if (!add(total, bytes, maxTotal)) {
            if (!authenticated) {
                unauthenticated.addAndGet(-bytes);
            }
            return false;
        }
        return true;
    }

    /** Gives back a reservation made with the same arguments. */
    void release(long bytes, boolean authenticated) {
        if (bytes == 0) {
            return;
        }
        total.addAndGet(-bytes);
        if (!authenticated) {
            unauthenticated.addAndGet(-bytes);
        }
    }

    long total() {
        return total.get();
    }

    long unauthenticated() {
        return unauthenticated.get();
    }

    private static boolean add(AtomicLong counter, long bytes, long max) {
        while (true) {
            long now = counter.get();
            if (now + bytes > max) {
                return false;
            }
            if (counter.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }
}
