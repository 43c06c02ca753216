package io.openwinrm.psrp.message;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.util.List;

/** {@code ApartmentState} ([MS-PSRP] 2.2.3.7): carried, never interpreted by PSRP. */
public enum ApartmentState {
    STA("STA"),
    MTA("MTA"),
    UNKNOWN("Unknown");

    /** The type names PowerShell writes. */
    public static final List<String> TYPE_NAMES = List.of("System.Threading.ApartmentState", "System.Enum",
            "System.ValueType", "System.Object");

    private final String dotNetName;

    ApartmentState(String dotNetName) {
        this.dotNetName = dotNetName;
    }

    public String dotNetName() {
        return dotNetName;
    }

    public static ApartmentState fromWire(long value) {
        if (value < 0 || value >= values().length) {
            throw new PsrpException(PsrpError.INVALID_MESSAGE, "ApartmentState " + value + " is not 0, 1 or 2");
        }
        return values()[(int) value];
    }
}
