package io.openwinrm.cli.copy;

import io.openwinrm.client.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A file cut into contiguous parts that travel at once, each through a command in a shell of its own (a cmd shell
 * runs one command at a time), so each on its own connection with its own Receive loop. One WinRS command moves its
 * output as a strict ping-pong — one Receive in flight, the client decoding while the host waits and the other way
 * round — so a single stream keeps about one core busy; a few streams overlap the two sides' work (see
 * bench/ANALYSIS.md, (e)).
 */
final class Parts {

    /** Parts at most: on two cores, three streams keep both busy without piling up requests. */
    static final int MAX_STREAMS = 3;

    /** Files below this many bytes per part travel in fewer parts (one below twice this size). */
    static final long MIN_PART = 8L << 20;

    private Parts() {
    }

    /** Bytes {@code offset .. offset + length} of the file. */
    record Part(long offset, long length) {

        /** A {@code dd} command writing this part of the host file {@code quotedPath} to its standard output. */
        String read(String quotedPath) {
            return "dd if=" + quotedPath + " bs=1M iflag=skip_bytes,count_bytes skip=" + offset + " count=" + length
                    + " status=none";
        }
    }

    /** How many parts {@code size} bytes are worth: 1 to {@link #MAX_STREAMS}. */
    static int wanted(long size) {
        return (int) Math.max(1, Math.min(MAX_STREAMS, size / MIN_PART));
    }

    /** {@code size} bytes in {@code n} parts of nearly equal length. */
    static List<Part> split(long size, int n) {
        List<Part> parts = new ArrayList<>(n);
        long from = 0;
        for (int i = 1; i <= n; i++) {
            long to = size * i / n;
            parts.add(new Part(from, to - from));
            from = to;
        }
        return parts;
    }

    /** Moves one part through one shell; returns null when it arrived whole, else what went wrong. */
    @FunctionalInterface
    interface Transfer {
        String move(Shell shell, Part part);
    }

    /**
     * Cuts {@code size} bytes into one part per shell of {@code lanes} and runs {@code transfer} for all at once
     * (the first on this thread), waiting for all.
     *
     * @return what went wrong, per failed part, in part order
     */
    static List<String> run(long size, List<Shell> lanes, Transfer transfer) {
        List<Part> parts = split(size, lanes.size());
        List<Thread> threads = new ArrayList<>();
        String[] results = new String[parts.size()];
        for (int i = 1; i < parts.size(); i++) {
            int k = i;
            Thread t = new Thread(() -> results[k] = guarded(transfer, lanes.get(k), parts.get(k)),
                    "copy-part-" + k);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        results[0] = guarded(transfer, lanes.get(0), parts.get(0));
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return java.util.Arrays.stream(results).filter(Objects::nonNull).toList();
    }

    private static String guarded(Transfer transfer, Shell shell, Part part) {
        try {
            return transfer.move(shell, part);
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }
}
