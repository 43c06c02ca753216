package io.openwinrm.psrp.clixml;

import java.util.Optional;

/** The eight integer types of CLIXML and their value ranges ([MS-PSRP] 2.2.5.1.5 - 2.2.5.1.12). */
public enum IntegerType {
    BYTE("By", 0, 255),
    SBYTE("SB", Byte.MIN_VALUE, Byte.MAX_VALUE),
    UINT16("U16", 0, 0xFFFF),
    INT16("I16", Short.MIN_VALUE, Short.MAX_VALUE),
    UINT32("U32", 0, 0xFFFF_FFFFL),
    INT32("I32", Integer.MIN_VALUE, Integer.MAX_VALUE),
    /** Values are the unsigned reading of the long's bits. */
    UINT64("U64", Long.MIN_VALUE, Long.MAX_VALUE),
    INT64("I64", Long.MIN_VALUE, Long.MAX_VALUE);

    private final String tag;
    private final long min;
    private final long max;

    IntegerType(String tag, long min, long max) {
        this.tag = tag;
        this.min = min;
        this.max = max;
    }

    /** The CLIXML element name. */
    public String tag() {
        return tag;
    }

    boolean inRange(long value) {
        return value >= min && value <= max;
    }

    /** The type written as {@code tag}, if any. */
    public static Optional<IntegerType> ofTag(String tag) {
        for (IntegerType t : values()) {
            if (t.tag.equals(tag)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
