package io.openwinrm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads CPU time and resident memory of processes from Linux {@code /proc} (proc(5)).
 * CPU figures are in clock ticks ({@code getconf CLK_TCK}, 100 on Linux).
 */
final class ProcFs {

    static final double TICKS_PER_SECOND = 100.0;

    private ProcFs() {
    }

    /**
     * CPU time of a process in ticks.
     *
     * @param self     utime + stime (all threads)
     * @param children cutime + cstime (children that were waited for)
     */
    record CpuTicks(long self, long children) {
        long total() {
            return self + children;
        }

        CpuTicks minus(CpuTicks o) {
            return new CpuTicks(self - o.self, children - o.children);
        }
    }

    /** Parses the line of {@code /proc/PID/stat}; the command name may contain spaces and parentheses. */
    static CpuTicks parseStat(String line) {
        String[] f = fieldsAfterComm(line);
        // fields after comm start at field 3 (state): utime is field 14 → index 11
        return new CpuTicks(Long.parseLong(f[11]) + Long.parseLong(f[12]),
                Long.parseLong(f[13]) + Long.parseLong(f[14]));
    }

    static int parsePpid(String line) {
        return Integer.parseInt(fieldsAfterComm(line)[1]);
    }

    private static String[] fieldsAfterComm(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + line);
        }
        return line.substring(close + 2).trim().split(" ");
    }

    static CpuTicks cpu(long pid) {
        return parseStat(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** CPU ticks of {@code pid} plus those of its live descendants (their reaped children are included). */
    static long treeCpu(long pid) {
        long sum = cpu(pid).total();
        for (long d : descendants(pid)) {
            try {
                sum += cpu(d).total();
            } catch (UncheckedIOException gone) {
                // exited meanwhile: its time moves into the parent's children figure
            }
        }
        return sum;
    }

    /** VmRSS in KiB from {@code /proc/PID/status}. */
    static long rssKib(long pid) {
        return parseRssKib(read(Path.of("/proc", Long.toString(pid), "status")));
    }

    static long parseRssKib(String status) {
        for (String l : status.split("\n")) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalArgumentException("no VmRSS line (kernel thread or zombie?)");
    }

    /** Sum of VmRSS over {@code pid} and its live descendants, in KiB. */
    static long treeRssKib(long pid) {
        long sum = rssKib(pid);
        for (long d : descendants(pid)) {
            try {
                sum += rssKib(d);
            } catch (RuntimeException gone) {
                // exited meanwhile
            }
        }
        return sum;
    }

    static List<Long> descendants(long pid) {
        List<long[]> pairs = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    pairs.add(new long[] {Long.parseLong(p.getFileName().toString()),
                        parsePpid(Files.readString(p.resolve("stat")))});
                } catch (IOException | RuntimeException gone) {
                    // exited while listing
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Long> out = new ArrayList<>();
        List<Long> frontier = new ArrayList<>(List.of(pid));
        while (!frontier.isEmpty()) {
            List<Long> next = new ArrayList<>();
            for (long[] p : pairs) {
                if (frontier.contains(p[1])) {
                    next.add(p[0]);
                }
            }
            out.addAll(next);
            frontier = next;
        }
        return out;
    }

    /** Busy CPU ticks of the whole machine, summed over all CPUs (first line of {@code /proc/stat}). */
    static long machineBusyTicks() {
        return parseMachineBusy(read(Path.of("/proc/stat")));
    }

    static long parseMachineBusy(String procStat) {
        String[] f = procStat.lines().findFirst().orElseThrow().trim().split("\\s+");
        if (!f[0].equals("cpu")) {
            throw new IllegalArgumentException("not /proc/stat: " + f[0]);
        }
        long busy = 0;
        // user nice system idle iowait irq softirq steal: everything but idle (4) and iowait (5)
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    static String loadAverage() {
        String[] f = read(Path.of("/proc/loadavg")).trim().split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
