package io.openwinrm.server.command;

import java.util.function.BooleanSupplier;

/**
 * Memory for buffered command output, counted in bytes against a bound: one server-wide budget ({@link #root}) and one
 * child per shell ({@link #child}), the role Windows gives MaxMemoryPerShellMB ([MS-WSMV] 2.2.4.42, Winrs
 * configuration). An {@link OutputBuffer} takes bytes from its shell's budget, which takes them from the server's,
 * before it keeps them, and gives them back as a receive takes them; a producer that finds no room waits, which stops
 * it reading its pipe and so pauses the process (backpressure: nothing is lost).
 *
 * <p>A request is granted whole or not at all, and only when it fits every budget up the chain, so neither bound is
 * ever exceeded. Thread-safe; all budgets of one tree share the root's lock.
 */
public final class OutputBudget {

    private final OutputBudget parent;
    private final Object lock;
    private final long limit;
    // guarded by lock
    private long used;

    private OutputBudget(OutputBudget parent, long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("an output budget must be positive: " + limit);
        }
        this.parent = parent;
        this.lock = parent == null ? new Object() : parent.lock;
        this.limit = limit;
    }

    /** A server-wide budget of {@code limit} bytes. */
    public static OutputBudget root(long limit) {
        return new OutputBudget(null, limit);
    }

    /** A budget of at most {@code limit} bytes that also draws on this one (one shell's share of the server's). */
    public OutputBudget child(long limit) {
        return new OutputBudget(this, limit);
    }

    /** The bound of this budget alone. */
    public long limit() {
        return limit;
    }

    /** Bytes currently taken from this budget (by it and its children). */
    public long used() {
        synchronized (lock) {
            return used;
        }
    }

    /** Takes {@code n} bytes if they fit this budget and every parent now; never waits. */
    public boolean tryAcquire(long n) {
        synchronized (lock) {
            if (!fits(n)) {
                return false;
            }
            add(n);
            return true;
        }
    }

    /**
     * Waits until {@code n} bytes fit this budget and every parent and takes them, unless {@code stop} becomes true
     * first (it is evaluated holding the budget lock, after every release and every {@link #wakeUp()}).
     *
     * @return true if the bytes were taken, false if {@code stop} held
     * @throws IllegalArgumentException if {@code n} exceeds a bound of the chain: it could never be granted
     */
    public boolean acquire(long n, BooleanSupplier stop) throws InterruptedException {
        for (OutputBudget b = this; b != null; b = b.parent) {
            if (n > b.limit) {
                throw new IllegalArgumentException(n + " bytes exceed an output budget of " + b.limit);
            }
        }
        synchronized (lock) {
            while (true) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                if (fits(n)) {
                    add(n);
                    return true;
                }
                lock.wait();
            }
        }
    }

    /** Gives back {@code n} bytes taken before and wakes the producers waiting for room. */
    public void release(long n) {
        if (n == 0) {
            return;
        }
        synchronized (lock) {
            add(-n);
            lock.notifyAll();
        }
    }

    /** Makes waiting producers re-evaluate their stop condition (their buffer was ended or switched mode). */
    public void wakeUp() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private boolean fits(long n) {
        for (OutputBudget b = this; b != null; b = b.parent) {
            if (b.used + n > b.limit) {
                return false;
            }
        }
        return true;
    }

    private void add(long n) {
        for (OutputBudget b = this; b != null; b = b.parent) {
            b.used += n;
            if (b.used < 0) {
                throw new IllegalStateException("output budget released more than it granted");
            }
        }
    }
}
