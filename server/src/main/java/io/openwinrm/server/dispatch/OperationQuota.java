package io.openwinrm.server.dispatch;

import io.openwinrm.server.shell.Quota;
import io.openwinrm.server.shell.QuotaExceededException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Service/MaxConcurrentOperationsPerUser ([MS-WSMV] 2.2.4.42; WSMAN_AUTHZ_QUOTA maxAllowedConcurrentOperations): how
 * many requests of one authenticated user may be in flight at once, a long-poll Receive or a Send waiting for room
 * counting until it is answered. One more is refused before anything runs, with w:QuotaLimit 2150859174
 * (ERROR_WSMAN_QUOTA_MAX_OPERATIONS) through {@link QuotaExceededException}; other users are not affected. Only users
 * with requests in flight take memory. Thread-safe.
 */
final class OperationQuota {

    /** One request in flight; {@link #close()} (idempotent) when its reply is complete. */
    final class Permit implements AutoCloseable {
        private final String user;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String user) {
            this.user = user;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                inFlight.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    private final int limit;
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    OperationQuota(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be positive");
        }
        this.limit = limit;
    }

    /**
     * @throws QuotaExceededException with {@link Quota#MAX_CONCURRENT_OPERATIONS_PER_USER} when {@code user} already
     *                                has the limit of requests in flight
     */
    Permit acquire(String user) {
        inFlight.compute(user, (u, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limit) {
                throw new QuotaExceededException(Quota.MAX_CONCURRENT_OPERATIONS_PER_USER, limit);
            }
            return now + 1;
        });
        return new Permit(user);
    }

    /** Requests of {@code user} in flight now. */
    int inFlight(String user) {
        return inFlight.getOrDefault(user, 0);
    }
}
