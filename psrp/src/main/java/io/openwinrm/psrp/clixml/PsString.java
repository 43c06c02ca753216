package io.openwinrm.psrp.clixml;

import java.util.Objects;

/** {@code <S>}: a string ([MS-PSRP] 2.2.5.1.1). */
public record PsString(String value) implements PsPrimitive {
    public PsString {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String tag() {
        return "S";
    }

    @Override
    public String text() {
        return value;
    }
}
