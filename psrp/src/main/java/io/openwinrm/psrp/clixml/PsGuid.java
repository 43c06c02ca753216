package io.openwinrm.psrp.clixml;

import java.util.Objects;
import java.util.UUID;

/** {@code <G>}: a GUID in its text form ([MS-PSRP] 2.2.5.1.18). */
public record PsGuid(UUID value) implements PsPrimitive {
    public PsGuid {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String tag() {
        return "G";
    }

    @Override
    public String text() {
        return value.toString();
    }
}
