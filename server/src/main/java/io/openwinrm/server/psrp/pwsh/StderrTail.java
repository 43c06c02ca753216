package io.openwinrm.server.psrp.pwsh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The end of what {@code pwsh -s} writes on stderr, where it reports transport errors as plain lines (psrp.md 5.2):
 * drained by a thread of its own so that the child never blocks on it, at most {@link #KEPT} characters kept, its
 * last line offered as the reason an engine ended. Thread-safe.
 */
final class StderrTail implements Runnable {

    static final int KEPT = 2048;
    private static final int MAX_REASON = 200;

    private final InputStream stderr;
    private final StringBuilder tail = new StringBuilder();
    private volatile Thread reader;

    StderrTail(InputStream stderr) {
        this.stderr = stderr;
    }

    /** Starts draining on a daemon thread named {@code name}. */
    void start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    @Override
    public void run() {
        byte[] buffer = new byte[4096];
        try (InputStream err = stderr) {
            int n;
            while ((n = err.read(buffer)) >= 0) {
                synchronized (tail) {
                    tail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (tail.length() > KEPT) {
                        tail.delete(0, tail.length() - KEPT);
                    }
                }
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    /**
     * The last non-empty line, printable ASCII, at most 200 characters; waits a moment for the drain to reach the
     * end of a child that has exited.
     */
    String lastLine() throws InterruptedException {
        Thread t = reader;
        if (t != null) {
            t.join(500);
        }
        String text;
        synchronized (tail) {
            text = tail.toString();
        }
        String[] lines = text.strip().split("\\R");
        String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        last = last.replaceAll("[^\\x20-\\x7e]", "?");
        return last.length() > MAX_REASON ? last.substring(0, MAX_REASON) + "..." : last;
    }
}
