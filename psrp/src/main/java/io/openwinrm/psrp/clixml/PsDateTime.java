package io.openwinrm.psrp.clixml;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code <DT>}: a .NET DateTime in XML Schema form ([MS-PSRP] 2.2.5.1.4), e.g.
 * {@code 2026-12-07T22:00:00.1234567+01:00}. Precision is .NET's 100 ns tick: finer nanoseconds are truncated.
 *
 * @param dateTime the wall-clock date and time
 * @param kind     which suffix the value has
 * @param offset   the zone offset: {@link ZoneOffset#UTC} for {@link DateTimeKind#UTC}, the written one for
 *                 {@link DateTimeKind#LOCAL}, null for {@link DateTimeKind#UNSPECIFIED}
 */
public record PsDateTime(LocalDateTime dateTime, DateTimeKind kind, ZoneOffset offset) implements PsPrimitive {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    public PsDateTime {
        Objects.requireNonNull(dateTime, "dateTime");
        Objects.requireNonNull(kind, "kind");
        if ((kind == DateTimeKind.UNSPECIFIED) != (offset == null)
                || (kind == DateTimeKind.UTC && !ZoneOffset.UTC.equals(offset))) {
            throw new IllegalArgumentException("offset " + offset + " does not fit kind " + kind);
        }
        dateTime = dateTime.withNano(dateTime.getNano() / 100 * 100);
    }

    /** A UTC or LOCAL value from an offset date-time. */
    public static PsDateTime of(OffsetDateTime t) {
        boolean utc = t.getOffset().equals(ZoneOffset.UTC);
        return new PsDateTime(t.toLocalDateTime(), utc ? DateTimeKind.UTC : DateTimeKind.LOCAL, t.getOffset());
    }

    /** The instant, when the value has a zone. */
    public Optional<OffsetDateTime> toOffsetDateTime() {
        return offset == null ? Optional.empty() : Optional.of(dateTime.atOffset(offset));
    }

    @Override
    public String tag() {
        return "DT";
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder(SECONDS.format(dateTime));
        int ticks = dateTime.getNano() / 100;
        if (ticks != 0) {
            String f = String.format("%07d", ticks);
            sb.append('.').append(f.replaceFirst("0+$", ""));
        }
        switch (kind) {
            case UTC -> sb.append('Z');
            case LOCAL -> sb.append(offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId());
            case UNSPECIFIED -> { }
        }
        return sb.toString();
    }
}
