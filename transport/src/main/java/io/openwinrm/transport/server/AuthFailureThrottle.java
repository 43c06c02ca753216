package io.openwinrm.transport.server;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-remote-address brake on failed authentications: after {@code maxFailures} failures within {@code window},
 * the address is answered 401 straight away for {@code blockFor}, without running the mechanism, so a brute force
 * or a spinning client cannot keep the CPU busy with password hashing. Thread-safe; the table is bounded.
 */
final class AuthFailureThrottle {

    private static final int MAX_TRACKED = 10_000;

    private static final class Entry {
        long windowStart;
        int failures;
        long blockedUntil;
    }

    private final AuthThrottleSettings settings;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Entry> entries = new ConcurrentHashMap<>();

    AuthFailureThrottle(AuthThrottleSettings settings, LongSupplier nanoClock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    boolean isBlocked(InetAddress address) {
        Entry e = entries.get(address);
        if (e == null) {
            return false;
        }
        synchronized (e) {
            return e.blockedUntil != 0 && nanoClock.getAsLong() - e.blockedUntil < 0;
        }
    }

    /** Counts one failure; returns {@code true} if the address just became blocked. */
    boolean recordFailure(InetAddress address) {
        if (settings.maxFailures() == 0) {
            return false;
        }
        long now = nanoClock.getAsLong();
        if (entries.size() >= MAX_TRACKED) {
            purge(now);
        }
        Entry e = entries.computeIfAbsent(address, a -> {
            Entry fresh = new Entry();
            fresh.windowStart = now;
            return fresh;
        });
        synchronized (e) {
            if (now - e.windowStart > settings.window().toNanos()) {
                e.windowStart = now;
                e.failures = 0;
            }
            e.failures++;
            if (e.failures >= settings.maxFailures()) {
                e.failures = 0;
                e.windowStart = now;
                e.blockedUntil = now + Math.max(1, settings.blockFor().toNanos());
                return true;
            }
            return false;
        }
    }

    private void purge(long now) {
        long horizon = Math.max(settings.window().toNanos(), settings.blockFor().toNanos());
        entries.entrySet().removeIf(en -> {
            Entry e = en.getValue();
            synchronized (e) {
                return now - e.windowStart > horizon && (e.blockedUntil == 0 || now - e.blockedUntil >= 0);
            }
        });
        if (entries.size() >= MAX_TRACKED) {
            entries.clear();
        }
    }
}
