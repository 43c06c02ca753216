package io.openwinrm.psrp.command;

import java.util.List;

/**
 * The flags of {@code PipelineResultTypes} used by the Merge* members of a command ([MS-PSRP] 2.2.3.31): which
 * stream goes where.
 */
public final class PipelineResultTypes {
    public static final int NONE = 0;
    public static final int OUTPUT = 1;
    public static final int ERROR = 2;
    public static final int WARNING = 4;
    public static final int VERBOSE = 8;
    public static final int DEBUG = 16;
    public static final int ALL = 32;
    public static final int NULL = 64;

    /** Type names PowerShell writes for the enum. */
    public static final List<String> TYPE_NAMES = List.of(
            "System.Management.Automation.Runspaces.PipelineResultTypes", "System.Enum", "System.ValueType",
            "System.Object");

    private PipelineResultTypes() {
    }

    /** PowerShell's ToString of a value: a flag name, names joined by {@code ", "}, or the number. */
    public static String name(int value) {
        if (value == NONE) {
            return "None";
        }
        String[] names = {"Output", "Error", "Warning", "Verbose", "Debug", "All", "Null"};
        StringBuilder sb = new StringBuilder();
        int rest = value;
        for (int bit = 0; bit < names.length; bit++) {
            if ((value & (1 << bit)) != 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(names[bit]);
                rest &= ~(1 << bit);
            }
        }
        return rest == 0 ? sb.toString() : Integer.toString(value);
    }
}
