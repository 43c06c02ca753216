package io.openwinrm.psrp.clixml;

/** The null value, {@code <Nil />} ([MS-PSRP] 2.2.5.1.20). */
public record PsNull() implements PsValue {
    /** The only instance anyone needs. */
    public static final PsNull INSTANCE = new PsNull();
}
