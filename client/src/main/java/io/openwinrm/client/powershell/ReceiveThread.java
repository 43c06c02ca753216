package io.openwinrm.client.powershell;

import java.time.Duration;

/**
 * The thread that runs the Receive loop of a pool or of one pipeline ([MS-PSRP] 3.1.5.3.7): a daemon, started when
 * the owner opens or connects, joined briefly when it closes or disconnects (never by itself, which would wait for
 * its own end). Thread-safe.
 */
final class ReceiveThread {

    private final String name;
    private final Runnable loop;
    private Thread thread;

    ReceiveThread(String name, Runnable loop) {
        this.name = name;
        this.loop = loop;
    }

    /** Starts the loop unless one is still running. */
    synchronized void start() {
        if (thread == null || !thread.isAlive()) {
            startNew();
        }
    }

    /**
     * Starts the loop even if the previous one has not ended yet (a pool reconnected while its old loop, already told
     * to stop, still waits for its last Receive to return).
     */
    synchronized void startNew() {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Waits up to 5 s for the loop to end (not when called from the loop itself). */
    void join() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
