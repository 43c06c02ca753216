package io.openwinrm.psrp.clixml;

/** {@code <C>}: a UTF-16 code unit written as its decimal number ([MS-PSRP] 2.2.5.1.2). */
public record PsChar(char value) implements PsPrimitive {
    @Override
    public String tag() {
        return "C";
    }

    @Override
    public String text() {
        return Integer.toString(value);
    }
}
