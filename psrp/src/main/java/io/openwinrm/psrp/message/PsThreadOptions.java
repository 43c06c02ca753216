package io.openwinrm.psrp.message;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.util.List;

/** {@code PSThreadOptions} ([MS-PSRP] 2.2.3.6): carried, never interpreted by PSRP. */
public enum PsThreadOptions {
    DEFAULT("Default"),
    USE_NEW_THREAD("UseNewThread"),
    REUSE_THREAD("ReuseThread"),
    USE_CURRENT_THREAD("UseCurrentThread");

    /** The type names PowerShell writes. */
    public static final List<String> TYPE_NAMES = List.of("System.Management.Automation.Runspaces.PSThreadOptions",
            "System.Enum", "System.ValueType", "System.Object");

    private final String dotNetName;

    PsThreadOptions(String dotNetName) {
        this.dotNetName = dotNetName;
    }

    public String dotNetName() {
        return dotNetName;
    }

    public static PsThreadOptions fromWire(long value) {
        if (value < 0 || value >= values().length) {
            throw new PsrpException(PsrpError.INVALID_MESSAGE, "PSThreadOptions " + value + " is not 0 to 3");
        }
        return values()[(int) value];
    }
}
