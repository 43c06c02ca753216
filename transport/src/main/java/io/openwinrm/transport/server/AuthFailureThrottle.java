package io.openwinrm.transport.server;

import io.openwinrm.auth.account.UserNames;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brake on password guessing, per client address ({@link ClientAddress#key}) and per account: after {@code
 * maxFailures} failures within {@code window}, the address or account is refused for {@code blockFor} (401 without
 * running a mechanism for an address; a correct password for a blocked account is refused too).
 *
 * <p>Guesses sent in parallel are counted before they are judged: every mechanism step first takes a slot of its
 * address ({@link #begin}), and an address has {@code maxFailures} minus its failures slots, so no more guesses
 * can be in flight than could still fail before the block. A step that finds no free slot waits for one (with the
 * connection's reading paused) instead of being refused, so a legitimate client sending many requests at once is
 * only delayed; waiting steps are refused the moment the address becomes blocked. An account is known only once a
 * mechanism has decoded the credentials ({@link io.openwinrm.auth.spi.AuthStep.Failure#userName()}, {@link
 * io.openwinrm.auth.spi.AuthStep.Success#user()}); its failures count from every address, and a success while it is
 * blocked is refused, so guesses spread over many addresses stop at the account's limit.
 *
 * <p>Both tables are bounded ({@link #MAX_TRACKED} entries each): entries whose window and block have passed go
 * first, then entries that are not blocked; a blocked entry is never dropped to make room (so flooding the table
 * with new names cannot lift a block), and when only blocked entries remain a new key is not tracked. Account names
 * compare case-insensitively without an NTLM {@code DOMAIN\} prefix; names too long to be an account are not
 * tracked (they cannot succeed). Thread-safe; waiters are completed outside the lock.
 */
final class AuthFailureThrottle {

    static final int MAX_TRACKED = 10_000;
    /** Steps of one address that may wait for a slot; more are answered 503. */
    static final int MAX_WAITERS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(AuthFailureThrottle.class);

    /** The outcome of asking for a slot. */
    sealed interface Admission permits Granted, Refused {
    }

    /** A slot was taken: run the step, then settle the attempt. */
    record Granted(Attempt attempt) implements Admission {
    }

    /** No step may run: {@code BLOCKED} (answer 401) or {@code BUSY} (too many waiting; answer 503). */
    enum Refused implements Admission {
        BLOCKED, BUSY
    }

    private static final class Entry {
        long windowStart;
        int failures;
        long blockedUntil;
        boolean blocked;
        int inFlight;
        final ArrayDeque<CompletableFuture<Admission>> waiters = new ArrayDeque<>();

        boolean busy() {
            return inFlight > 0 || !waiters.isEmpty();
        }
    }

    private final AuthThrottleSettings settings;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Entry> addresses = new HashMap<>();
    private final Map<String, Entry> accounts = new HashMap<>();

    AuthFailureThrottle(AuthThrottleSettings settings, LongSupplier nanoClock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Takes a slot for one mechanism step from {@code address}. The future is complete at once unless the step
     * has to wait; it may complete on another thread.
     */
    CompletableFuture<Admission> begin(InetAddress address) {
        if (disabled()) {
            return CompletableFuture.completedFuture(new Granted(new Attempt(null)));
        }
        InetAddress key = ClientAddress.key(address);
        synchronized (this) {
            long now = nanoClock.getAsLong();
            Entry e = entry(addresses, key, now);
            if (e == null) {
                return CompletableFuture.completedFuture(new Granted(new Attempt(null)));
            }
            refresh(e, now);
            if (e.blocked) {
                return CompletableFuture.completedFuture(Refused.BLOCKED);
            }
            if (e.failures + e.inFlight < settings.maxFailures()) {
                e.inFlight++;
                return CompletableFuture.completedFuture(new Granted(new Attempt(key)));
            }
            if (e.waiters.size() >= MAX_WAITERS) {
                return CompletableFuture.completedFuture(Refused.BUSY);
            }
            CompletableFuture<Admission> wait = new CompletableFuture<>();
            e.waiters.add(wait);
            return wait;
        }
    }

    /** Whether the address is blocked now (a cheap check; {@link #begin} decides). */
    synchronized boolean isBlocked(InetAddress address) {
        Entry e = addresses.get(ClientAddress.key(address));
        if (e == null) {
            return false;
        }
        refresh(e, nanoClock.getAsLong());
        return e.blocked;
    }

    /** Whether the account is blocked now. */
    synchronized boolean isAccountBlocked(String account) {
        String key = accountKey(account);
        Entry e = key == null ? null : accounts.get(key);
        if (e == null) {
            return false;
        }
        refresh(e, nanoClock.getAsLong());
        return e.blocked;
    }

    /**
     * One mechanism step that holds a slot of its address; settle it exactly once with {@link #finished}, {@link
     * #failed} or {@link #succeeded}.
     */
    final class Attempt {
        private final InetAddress address;
        private boolean settled;

        private Attempt(InetAddress address) {
            this.address = address;
        }

        /** The step neither failed nor succeeded (another leg follows, or it broke): the slot is freed. */
        void finished() {
            settle(this, false, null);
        }

        /** The credentials were refused: counted for the address and, when known, the account. */
        void failed(Optional<String> account) {
            settle(this, true, account.orElse(null));
        }

        /**
         * The credentials were right. Returns whether the success may stand: {@code false} while the address or
         * the account is blocked (the caller answers 401 as for a wrong password).
         */
        boolean succeeded(String account) {
            settle(this, false, null);
            if (disabled()) {
                return true;
            }
            synchronized (AuthFailureThrottle.this) {
                long now = nanoClock.getAsLong();
                Entry a = address == null ? null : addresses.get(address);
                String key = accountKey(account);
                Entry u = key == null ? null : accounts.get(key);
                if (a != null) {
                    refresh(a, now);
                }
                if (u != null) {
                    refresh(u, now);
                }
                return (a == null || !a.blocked) && (u == null || !u.blocked);
            }
        }
    }

    private void settle(Attempt attempt, boolean failure, String account) {
        List<CompletableFuture<Admission>> grant = new ArrayList<>();
        List<CompletableFuture<Admission>> refuse = new ArrayList<>();
        synchronized (this) {
            if (attempt.settled) {
                throw new IllegalStateException("attempt settled twice");
            }
            attempt.settled = true;
            if (disabled()) {
                return;
            }
            long now = nanoClock.getAsLong();
            if (failure) {
                String accountKey = accountKey(account);
                if (accountKey != null) {
                    Entry u = entry(accounts, accountKey, now);
                    if (u != null && countFailure(u, now)) {
                        LOG.warn("Too many authentication failures for account '{}'; refusing it for {} s",
                                accountKey, settings.blockFor().toSeconds());
                    }
                }
            }
            if (attempt.address == null) {
                return;
            }
            Entry e = addresses.get(attempt.address);
            if (e == null) {
                return;
            }
            e.inFlight--;
            if (failure && countFailure(e, now)) {
                LOG.warn("Too many authentication failures from {}; refusing it for {} s",
                        attempt.address.getHostAddress(), settings.blockFor().toSeconds());
            }
            refresh(e, now);
            while (!e.waiters.isEmpty()) {
                if (e.blocked) {
                    refuse.add(e.waiters.poll());
                } else if (e.failures + e.inFlight < settings.maxFailures()) {
                    e.inFlight++;
                    grant.add(e.waiters.poll());
                } else {
                    break;
                }
            }
        }
        refuse.forEach(f -> f.complete(Refused.BLOCKED));
        grant.forEach(f -> f.complete(new Granted(new Attempt(attempt.address))));
    }

    /** Counts one failure; {@code true} if the entry just became blocked. */
    private boolean countFailure(Entry e, long now) {
        refresh(e, now);
        if (e.blocked) {
            return false;
        }
        e.failures++;
        if (e.failures >= settings.maxFailures()) {
            e.failures = 0;
            e.windowStart = now;
            e.blocked = true;
            e.blockedUntil = now + Math.max(1, settings.blockFor().toNanos());
            return true;
        }
        return false;
    }

    /** Ends an expired block or counting window. */
    private void refresh(Entry e, long now) {
        if (e.blocked && now - e.blockedUntil >= 0) {
            e.blocked = false;
            e.failures = 0;
            e.windowStart = now;
        }
        if (!e.blocked && now - e.windowStart > settings.window().toNanos()) {
            e.windowStart = now;
            e.failures = 0;
        }
    }

    /** The entry for {@code key}, created if there is room; {@code null} if the table is full of blocked keys. */
    private <K> Entry entry(Map<K, Entry> table, K key, long now) {
        Entry e = table.get(key);
        if (e != null) {
            return e;
        }
        if (table.size() >= MAX_TRACKED) {
            purge(table, now);
            if (table.size() >= MAX_TRACKED) {
                return null;
            }
        }
        e = new Entry();
        e.windowStart = now;
        table.put(key, e);
        return e;
    }

    private void purge(Map<?, Entry> table, long now) {
        for (Iterator<Entry> it = table.values().iterator(); it.hasNext();) {
            Entry e = it.next();
            refresh(e, now);
            if (!e.busy() && !e.blocked && e.failures == 0) {
                it.remove();
            }
        }
        if (table.size() >= MAX_TRACKED) {
            table.values().removeIf(e -> !e.busy() && !e.blocked);
        }
    }

    private boolean disabled() {
        return settings.maxFailures() == 0;
    }

    /** The account a claimed name counts under, or {@code null} if it cannot be an account. */
    static String accountKey(String claimed) {
        if (claimed == null) {
            return null;
        }
        String name = claimed.substring(claimed.lastIndexOf('\\') + 1);
        if (name.isEmpty() || name.length() > UserNames.MAX_LENGTH) {
            return null;
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
