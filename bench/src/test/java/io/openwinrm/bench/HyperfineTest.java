package io.openwinrm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HyperfineTest {

    /** Shape of hyperfine 1.15's --export-json (abridged). */
    private static final String JSON = """
            {
              "results": [
                {
                  "command": "ssh -p 2222 root@127.0.0.1 true",
                  "mean": 0.0079, "stddev": 0.0003, "median": 0.0078,
                  "user": 0.0021, "system": 0.0012, "min": 0.0075, "max": 0.0090,
                  "times": [
                    0.0075,
                    0.0080,
                    0.0090,
                    0.0078
                  ],
                  "exit_codes": [
                    0,
                    0,
                    255,
                    0
                  ]
                }
              ]
            }""";

    @Test
    void readsTimesAndDropsFailedRuns() {
        LatencyStats s = Hyperfine.fromJson(JSON);
        assertThat(s.runs()).isEqualTo(3);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.min()).isEqualTo(7.5);
        assertThat(s.p50()).isEqualTo(7.8);
        assertThat(s.max()).isEqualTo(8.0);
    }

    @Test
    void killedRunWithNullExitCodeIsAFailure() {
        LatencyStats s = Hyperfine.fromJson("{\"times\": [0.01, 0.02], \"exit_codes\": [null, 0]}");
        assertThat(s.runs()).isEqualTo(1);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.p50()).isEqualTo(20.0);
    }

    @Test
    void missingArrayIsAnError() {
        assertThatThrownBy(() -> Hyperfine.fromJson("{\"times\": [0.1]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exit_codes");
    }

    @Test
    void quotesOnlyWhatNeedsQuoting() {
        assertThat(Hyperfine.quote("root@127.0.0.1")).isEqualTo("root@127.0.0.1");
        assertThat(Hyperfine.quote("/tmp/x/id_ed25519")).isEqualTo("/tmp/x/id_ed25519");
        assertThat(Hyperfine.quote("cat >/dev/null")).isEqualTo("'cat >/dev/null'");
        assertThat(Hyperfine.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(Hyperfine.quote("")).isEqualTo("''");
    }
}
