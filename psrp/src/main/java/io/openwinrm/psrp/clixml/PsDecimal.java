package io.openwinrm.psrp.clixml;

import java.math.BigDecimal;
import java.util.Objects;

/** {@code <D>}: a .NET decimal ([MS-PSRP] 2.2.5.1.15), written without exponent. */
public record PsDecimal(BigDecimal value) implements PsPrimitive {
    public PsDecimal {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String tag() {
        return "D";
    }

    @Override
    public String text() {
        return value.toPlainString();
    }
}
