package io.openwinrm.cli.copy;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line on a terminal ({@code name  12.0 MiB  48.3 MiB/s  ETA 0:03}), redrawn at most five times a
 * second on standard error; nothing when standard error is not a terminal or {@code --quiet} was given.
 */
public final class Progress {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private String name = "";
    private long total;
    private long done;
    private long started;
    private long drawn;
    private boolean dirty;

    private Progress(PrintStream out) {
        this.out = out;
    }

    /** A display on stderr when it is a terminal and {@code wanted}; otherwise one that shows nothing. */
    public static Progress forTerminal(boolean wanted) {
        return new Progress(wanted && System.console() != null ? System.err : null);
    }

    synchronized void start(String file, long size) {
        name = file;
        total = size;
        done = 0;
        started = System.nanoTime();
        drawn = 0;
    }

    synchronized void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (out != null && now - drawn >= REDRAW_NANOS) {
            drawn = now;
            draw(now);
        }
    }

    synchronized void end() {
        if (out != null) {
            draw(System.nanoTime());
            out.print('\n');
            out.flush();
            dirty = false;
        }
    }

    /** Leaves the terminal on a fresh line. */
    public synchronized void finish() {
        if (out != null && dirty) {
            out.print('\n');
            out.flush();
        }
    }

    private void draw(long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = done / seconds;
        String eta = total > done && rate > 0 ? clock((long) ((total - done) / rate)) : "0:00";
        String shown = name.length() > 40 ? "…" + name.substring(name.length() - 39) : name;
        out.printf(Locale.ROOT, "\r%-40s %9s  %9s/s  ETA %s ", shown, size(done), size((long) rate), eta);
        out.flush();
        dirty = true;
    }

    private static String clock(long s) {
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String size(long b) {
        if (b < 1024) {
            return b + " B";
        }
        double v = b;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
