package io.openwinrm.psrp.clixml;

/** {@code <Db>}: a 64-bit float ([MS-PSRP] 2.2.5.1.14); infinities and NaN as XML Schema writes them. */
public record PsDouble(double value) implements PsPrimitive {
    @Override
    public String tag() {
        return "Db";
    }

    @Override
    public String text() {
        return Primitives.floatText(value, Double.toString(value));
    }
}
