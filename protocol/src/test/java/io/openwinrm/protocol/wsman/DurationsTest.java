package io.openwinrm.protocol.wsman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @Test
    void parsesTheFormsClientsAndWindowsUse() {
        assertThat(Durations.parse("PT20S")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Durations.parse("PT60.000S")).isEqualTo(Duration.ofSeconds(60));
        assertThat(Durations.parse("PT5M0S")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("P0DT0H0M0S")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("PT7200.000S")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("P1DT2H3M4.5S")).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3)
                .plusMillis(4500));
        assertThat(Durations.parse(" PT1S ")).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT-1S", "-PT1S", "P", "PT", "20", "P1Y", "P1M", "PT1.S", "PTS", "", "pt1s", "PT1H1H"})
    void rejectsInvalid(String s) {
        assertThatThrownBy(() -> Durations.parse(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formats() {
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("PT7200.000S");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("PT1.500S");
        assertThat(Durations.formatSeconds(Duration.ofSeconds(20))).isEqualTo("PT20S");
        assertThat(Durations.formatSeconds(Duration.ofMillis(20500))).isEqualTo("PT20.500S");
        assertThat(Durations.formatDayTime(Duration.ZERO)).isEqualTo("P0DT0H0M0S");
        assertThat(Durations.formatDayTime(Duration.ofSeconds(90061))).isEqualTo("P1DT1H1M1S");
        assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Durations.parse(Durations.format(Duration.ofMillis(123456)))).isEqualTo(Duration.ofMillis(123456));
    }
}
