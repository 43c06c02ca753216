package io.openwinrm.privsep.network;

import io.openwinrm.auth.spi.AuthenticatedUser;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The monitor's successful verdicts on stateless credentials (Basic: the same {@code Authorization} header on every
 * request), reused for a short while so that a client's every request does not cost a round trip to the monitor.
 * The key is an HMAC of the token under a random key of this process, so nothing here is a password or a hash that
 * could be brute-forced offline. Reusing gives this process no power it did not have: it already holds the monitor's
 * session handle for the user. What it could change — how soon a changed password or a removed user stops working —
 * is kept: every entry is void when the monitor says the account store changed ({@link #invalidate}, within a
 * quarter of a second of the change), an answer that was under way across a change is not kept, and an entry lives
 * {@link #TTL_NANOS} at most. Failures are never kept (each goes to the monitor and its brake). Bounded (least
 * recently used goes first); thread-safe.
 */
final class ReusedVerdicts {

    static final long TTL_NANOS = 60_000_000_000L;
    private static final int MAX_ENTRIES = 1024;

    private record Entry(AuthenticatedUser user, long createdNanos) {
    }

    private final LongSupplier clock;
    private final SecretKeySpec key;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    private long generation; // guarded by this

    ReusedVerdicts(LongSupplier clock) {
        this.clock = clock;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    /** The number to hand back to {@link #put}: an answer obtained across an invalidation is not kept. */
    synchronized long generation() {
        return generation;
    }

    /** The user a still-valid verdict on these credentials names. */
    synchronized Optional<AuthenticatedUser> get(String scheme, boolean secure, byte[] token) {
        String k = fingerprint(scheme, secure, token);
        Entry e = entries.get(k);
        if (e == null) {
            return Optional.empty();
        }
        if (clock.getAsLong() - e.createdNanos() >= TTL_NANOS) {
            entries.remove(k);
            return Optional.empty();
        }
        return Optional.of(e.user());
    }

    /** Keeps a verdict the monitor gave, unless {@link #invalidate} ran since {@code expectedGeneration}. */
    synchronized void put(String scheme, boolean secure, byte[] token, AuthenticatedUser user,
                          long expectedGeneration) {
        if (generation == expectedGeneration) {
            entries.put(fingerprint(scheme, secure, token), new Entry(user, clock.getAsLong()));
        }
    }

    /** Forgets every verdict (the account store changed, or the monitor is gone). */
    synchronized void invalidate() {
        generation++;
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }

    private String fingerprint(String scheme, boolean secure, byte[] token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(scheme.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update((byte) (secure ? 1 : 0));
            return java.util.HexFormat.of().formatHex(mac.doFinal(token));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
