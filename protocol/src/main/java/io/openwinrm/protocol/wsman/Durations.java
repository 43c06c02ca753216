package io.openwinrm.protocol.wsman;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * xs:duration as used by WS-Management ([MS-WSMV] 3.1.4.1.8 OperationTimeout, 2.2.4.37 IdleTimeOut):
 * {@code PT20S}, {@code PT60.000S}, {@code PT5M0S}, {@code P0DT0H0M0S}. Years and months are rejected
 * (their length is not fixed); negative durations are rejected.
 */
public final class Durations {
    private static final Pattern XS_DURATION = Pattern.compile(
            "P(?:(\\d{1,9})D)?(?:T(?:(\\d{1,9})H)?(?:(\\d{1,9})M)?(?:(\\d{1,12})(?:\\.(\\d{1,9}))?S)?)?");

    private Durations() {
    }

    /**
     * Parses an xs:duration.
     *
     * @throws IllegalArgumentException if {@code text} is null, negative, uses years/months, or is malformed
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is null");
        }
        String s = text.strip();
        Matcher m = XS_DURATION.matcher(s);
        if (!m.matches() || s.equals("P") || s.endsWith("T")) {
            throw new IllegalArgumentException("invalid xs:duration: " + text);
        }
        Duration d = Duration.ZERO;
        if (m.group(1) != null) {
            d = d.plusDays(Long.parseLong(m.group(1)));
        }
        if (m.group(2) != null) {
            d = d.plusHours(Long.parseLong(m.group(2)));
        }
        if (m.group(3) != null) {
            d = d.plusMinutes(Long.parseLong(m.group(3)));
        }
        if (m.group(4) != null) {
            d = d.plusSeconds(Long.parseLong(m.group(4)));
        }
        if (m.group(5) != null) {
            String frac = (m.group(5) + "000000000").substring(0, 9);
            d = d.plusNanos(Long.parseLong(frac));
        }
        return d;
    }

    /** Formats as {@code PT<seconds>.<millis>S}, the form Windows writes (e.g. {@code PT7200.000S}). */
    public static String format(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + d);
        }
        BigDecimal secs = BigDecimal.valueOf(d.toMillis()).movePointLeft(3).setScale(3);
        return "PT" + secs.toPlainString() + "S";
    }

    /** Formats whole seconds without a fraction ({@code PT20S}), as clients send OperationTimeout. */
    public static String formatSeconds(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + d);
        }
        if (d.toMillis() % 1000 != 0) {
            return format(d);
        }
        return "PT" + d.toSeconds() + "S";
    }

    /** The day/hour/minute/second form Windows uses for ShellRunTime ({@code P0DT0H0M0S}). */
    public static String formatDayTime(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + d);
        }
        return "P" + d.toDays() + "DT" + d.toHoursPart() + "H" + d.toMinutesPart() + "M" + d.toSecondsPart() + "S";
    }
}
