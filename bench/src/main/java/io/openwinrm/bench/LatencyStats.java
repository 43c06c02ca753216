package io.openwinrm.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Percentiles of a latency sample, in milliseconds, by the nearest-rank method (the smallest sample with at least
 * p% of the samples at or below it).
 *
 * @param runs     number of successful runs
 * @param failures runs that ended with a non-zero exit code or an error (not in the percentiles)
 */
record LatencyStats(int runs, int failures, double p50, double p99, double min, double max, double mean) {

    static LatencyStats ofMillis(List<Double> millis, int failures) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no successful runs");
        }
        double[] s = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new LatencyStats(s.length, failures, percentile(s, 50), percentile(s, 99), s[0], s[s.length - 1],
                Arrays.stream(s).average().orElseThrow());
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0 || p <= 0 || p > 100) {
            throw new IllegalArgumentException("empty sample or p out of (0, 100]");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
