package io.openwinrm.psrp.clixml;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code <TS>}: a .NET TimeSpan as an XML Schema duration ([MS-PSRP] 2.2.5.1.16), e.g. {@code PT9.0269026S} or
 * {@code -P1DT2H}. Written as .NET writes it: days, hours, minutes, seconds with up to 7 fraction digits.
 */
public record PsDuration(Duration value) implements PsPrimitive {
    public PsDuration {
        Objects.requireNonNull(value, "value");
        value = value.withNanos(value.getNano() / 100 * 100);
    }

    @Override
    public String tag() {
        return "TS";
    }

    @Override
    public String text() {
        if (value.isZero()) {
            return "PT0S";
        }
        Duration d = value.abs();
        StringBuilder sb = new StringBuilder(value.isNegative() ? "-P" : "P");
        long days = d.toDays();
        if (days != 0) {
            sb.append(days).append('D');
        }
        int hours = d.toHoursPart();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int ticks = d.toNanosPart() / 100;
        if (hours != 0 || minutes != 0 || seconds != 0 || ticks != 0) {
            sb.append('T');
            if (hours != 0) {
                sb.append(hours).append('H');
            }
            if (minutes != 0) {
                sb.append(minutes).append('M');
            }
            if (seconds != 0 || ticks != 0) {
                sb.append(seconds);
                if (ticks != 0) {
                    sb.append('.').append(String.format("%07d", ticks).replaceFirst("0+$", ""));
                }
                sb.append('S');
            }
        }
        return sb.toString();
    }
}
