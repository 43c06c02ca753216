package io.openwinrm.transport.server;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the open connections of a server, in all and per client ({@link ClientAddress#key}), against the limits
 * of {@link TransportLimits}. The per-client table holds only clients with an open connection, so it is bounded by
 * the total limit. Thread-safe.
 */
final class ConnectionLimiter {

    /** Why a connection was refused. */
    enum Refusal {
        TOTAL, PER_ADDRESS
    }

    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int total;

    ConnectionLimiter(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a new connection from {@code client}; {@code null} if admitted, else why not (nothing counted). */
    synchronized Refusal tryAcquire(InetAddress client) {
        InetAddress key = ClientAddress.key(client);
        if (total >= maxTotal) {
            return Refusal.TOTAL;
        }
        int open = perAddress.getOrDefault(key, 0);
        if (open >= maxPerAddress) {
            return Refusal.PER_ADDRESS;
        }
        perAddress.put(key, open + 1);
        total++;
        return null;
    }

    /** Forgets a connection admitted by {@link #tryAcquire}. */
    synchronized void release(InetAddress client) {
        InetAddress key = ClientAddress.key(client);
        Integer open = perAddress.get(key);
        if (open == null) {
            return;
        }
        if (open <= 1) {
            perAddress.remove(key);
        } else {
            perAddress.put(key, open - 1);
        }
        total--;
    }

    synchronized int total() {
        return total;
    }
}
