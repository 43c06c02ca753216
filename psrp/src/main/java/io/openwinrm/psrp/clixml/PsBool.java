package io.openwinrm.psrp.clixml;

/** {@code <B>}: {@code true} or {@code false} ([MS-PSRP] 2.2.5.1.3). */
public record PsBool(boolean value) implements PsPrimitive {
    @Override
    public String tag() {
        return "B";
    }

    @Override
    public String text() {
        return Boolean.toString(value);
    }
}
