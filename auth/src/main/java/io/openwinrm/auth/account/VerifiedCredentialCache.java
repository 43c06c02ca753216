package io.openwinrm.auth.account;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers credentials that recently passed the slow hash, because Basic sends the password with every request.
 * Entries are {@code HMAC-SHA256(processKey, user || 0x00 || UTF-8(password))} under a key that lives only in
 * this process, so the cache holds nothing that can be replayed or brute-forced offline more cheaply than the
 * account file. Entries expire after a TTL; the cache is bounded (least recently used goes first) and is
 * invalidated as a whole when the account store changes. Only successes are cached. Thread-safe.
 */
final class VerifiedCredentialCache {

    private final byte[] processKey = new byte[32];
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final Map<ByteBuffer, Long> expiries;
    private long generation;

    VerifiedCredentialCache(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        new SecureRandom().nextBytes(processKey);
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
        this.expiries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> eldest) {
                return size() > VerifiedCredentialCache.this.maxEntries;
            }
        };
    }

    byte[] fingerprint(String user, char[] password) {
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(processKey, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(pw);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        } finally {
            if (pw.hasArray()) {
                Arrays.fill(pw.array(), (byte) 0);
            }
        }
    }

    synchronized long generation() {
        return generation;
    }

    synchronized boolean contains(byte[] fingerprint) {
        if (maxEntries == 0) {
            return false;
        }
        ByteBuffer key = ByteBuffer.wrap(fingerprint);
        Long expiry = expiries.get(key);
        if (expiry == null) {
            return false;
        }
        if (nanoClock.getAsLong() - expiry >= 0) {
            expiries.remove(key);
            return false;
        }
        return true;
    }

    /** Adds an entry unless the cache was invalidated since {@code expectedGeneration} was read. */
    synchronized void put(byte[] fingerprint, long expectedGeneration) {
        if (maxEntries == 0 || expectedGeneration != generation) {
            return;
        }
        expiries.put(ByteBuffer.wrap(fingerprint.clone()), nanoClock.getAsLong() + ttlNanos);
    }

    synchronized void invalidate() {
        generation++;
        expiries.clear();
    }

    synchronized int size() {
        return expiries.size();
    }
}
