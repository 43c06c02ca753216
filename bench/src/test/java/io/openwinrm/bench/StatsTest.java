package io.openwinrm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentilesUseNearestRank() {
        List<Double> ms = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            ms.add((double) i);
        }
        Collections.shuffle(ms);
        LatencyStats s = LatencyStats.ofMillis(ms, 3);
        assertThat(s.p50()).isEqualTo(100.0);
        assertThat(s.p99()).isEqualTo(198.0);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(200.0);
        assertThat(s.mean()).isCloseTo(100.5, within(1e-9));
        assertThat(s.runs()).isEqualTo(200);
        assertThat(s.failures()).isEqualTo(3);
    }

    @Test
    void smallSampleP99IsTheMaximum() {
        LatencyStats s = LatencyStats.ofMillis(List.of(5.0, 1.0, 3.0), 0);
        assertThat(s.p50()).isEqualTo(3.0);
        assertThat(s.p99()).isEqualTo(5.0);
    }

    @Test
    void emptySampleIsAnError() {
        assertThatThrownBy(() -> LatencyStats.ofMillis(List.of(), 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no successful runs");
    }

    @Test
    void throughputIsTheMedianInDecimalMegabytesPerSecond() {
        long gib = 1L << 30;
        ThroughputStats t = ThroughputStats.of(List.of(
                new ThroughputStats.Run(gib, 2_000_000_000L, 300, 100),
                new ThroughputStats.Run(gib, 1_000_000_000L, 100, 100),
                new ThroughputStats.Run(gib, 4_000_000_000L, 200, 100)));
        assertThat(t.medianMbPerSec()).isCloseTo(gib / 2.0 / 1e6, within(1e-6));
        assertThat(t.serverCpuSecPerRun()).isCloseTo(2.0, within(1e-9));
        assertThat(t.clientCpuSecPerRun()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void rowRatioAndVerdict() {
        assertThat(new Row("a", "ms", 8.0, 6.0, "<= 1.0").verdict()).isEqualTo("met");
        assertThat(new Row("a", "ms", 8.0, 9.0, "<= 1.0").verdict()).isEqualTo("not met");
        assertThat(new Row("c", "MB/s", 600, 150, ">= 0.3").verdict()).isEqualTo("not met");
        assertThat(new Row("c", "MB/s", 600, 200, ">= 0.3").verdict()).isEqualTo("met");
        assertThat(new Row("b", "ms", 100, 25, "").ratio()).isEqualTo(0.25);
        assertThat(new Row("b", "ms", 100, 25, "").verdict()).isEmpty();
    }
}
