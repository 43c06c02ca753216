package io.openwinrm.psrp.clixml;

import java.util.Objects;

/**
 * An integer of one of the eight CLIXML integer types ({@code By SB U16 I16 U32 I32 U64 I64}, [MS-PSRP]
 * 2.2.5.1.5 - 2.2.5.1.12). For {@link IntegerType#UINT64} the long's bits are read as unsigned.
 */
public record PsInteger(IntegerType type, long value) implements PsPrimitive {
    public PsInteger {
        Objects.requireNonNull(type, "type");
        if (!type.inRange(value)) {
            throw new IllegalArgumentException(value + " is out of range for " + type);
        }
    }

    @Override
    public String tag() {
        return type.tag();
    }

    @Override
    public String text() {
        return type == IntegerType.UINT64 ? Long.toUnsignedString(value) : Long.toString(value);
    }
}
