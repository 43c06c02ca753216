package io.openwinrm.psrp.clixml;

/** {@code <Sg>}: a 32-bit float ([MS-PSRP] 2.2.5.1.13); infinities and NaN as XML Schema writes them. */
public record PsSingle(float value) implements PsPrimitive {
    @Override
    public String tag() {
        return "Sg";
    }

    @Override
    public String text() {
        return Primitives.floatText(value, Float.toString(value));
    }
}
