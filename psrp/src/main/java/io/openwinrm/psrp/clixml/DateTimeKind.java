package io.openwinrm.psrp.clixml;

/** .NET's {@code DateTimeKind}, as the zone suffix of a {@code <DT>} value shows it ([MS-PSRP] 2.2.5.1.4). */
public enum DateTimeKind {
    /** No suffix. */
    UNSPECIFIED,
    /** Suffix {@code Z}. */
    UTC,
    /** Suffix {@code +hh:mm} / {@code -hh:mm}. */
    LOCAL
}
