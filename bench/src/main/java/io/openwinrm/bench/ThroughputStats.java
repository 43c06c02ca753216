package io.openwinrm.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Bulk-transfer figures: MB/s with MB = 10^6 bytes, median over the timed runs, and the CPU seconds per run of the
 * server (process tree, including the command it ran) and of the client.
 */
record ThroughputStats(long bytes, double medianMbPerSec, double[] mbPerSec, double serverCpuSecPerRun,
        double clientCpuSecPerRun) {

    /** One timed transfer. */
    record Run(long bytes, long nanos, long serverCpuTicks, long clientCpuTicks) {
        double mbPerSec() {
            return bytes / (nanos / 1e9) / 1e6;
        }
    }

    static ThroughputStats of(List<Run> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        double[] rates = runs.stream().mapToDouble(Run::mbPerSec).toArray();
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double server = runs.stream().mapToLong(Run::serverCpuTicks).average().orElseThrow()
                / ProcFs.TICKS_PER_SECOND;
        double client = runs.stream().mapToLong(Run::clientCpuTicks).average().orElseThrow()
                / ProcFs.TICKS_PER_SECOND;
        return new ThroughputStats(runs.get(0).bytes(), median, rates, server, client);
    }
}
