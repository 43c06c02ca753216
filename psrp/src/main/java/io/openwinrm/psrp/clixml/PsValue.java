package io.openwinrm.psrp.clixml;

/**
 * A value that CLIXML can carry ([MS-PSRP] 2.2.5): {@link PsNull}, one of the primitive types
 * ({@link PsPrimitive}, 2.2.5.1) or a complex object ({@link PsObject}, 2.2.5.2). All implementations are
 * immutable; a {@link PsObject} reached twice through CLIXML references is the same Java instance.
 */
public sealed interface PsValue permits PsNull, PsPrimitive, PsObject {

    /** The null value ({@code <Nil />}). */
    static PsValue nil() {
        return PsNull.INSTANCE;
    }

    /** A string value, or {@link PsNull} for a null string. */
    static PsValue of(String s) {
        return s == null ? PsNull.INSTANCE : new PsString(s);
    }

    static PsValue of(boolean b) {
        return new PsBool(b);
    }

    static PsValue of(int i) {
        return new PsInteger(IntegerType.INT32, i);
    }

    static PsValue ofLong(long i) {
        return new PsInteger(IntegerType.INT64, i);
    }
}
