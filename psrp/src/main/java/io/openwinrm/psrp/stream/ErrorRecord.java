package io.openwinrm.psrp.stream;

import io.openwinrm.psrp.clixml.IntegerType;
import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsMembers;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ErrorRecord ([MS-PSRP] 2.2.3.15): ERROR_RECORD data, and the {@code ExceptionAsErrorRecord} of a failed
 * pipeline or broken pool.
 *
 * @param message               the exception's message (also the record's ToString)
 * @param exceptionTypeNames    the exception's type names, most specific first, without {@code System.Object}
 * @param fullyQualifiedErrorId e.g. {@code CommandNotFoundException} or {@code ScriptsNotAllowed}
 * @param category              the error category
 * @param activity              {@code ErrorCategory_Activity}, e.g. the command name; may be null
 * @param reason                {@code ErrorCategory_Reason}, e.g. the exception's short type name; may be null
 * @param targetName            {@code ErrorCategory_TargetName}; may be null
 * @param targetType            {@code ErrorCategory_TargetType}; may be null
 * @param targetObject          {@code TargetObject}, Nil if none
 */
public record ErrorRecord(String message, List<String> exceptionTypeNames, String fullyQualifiedErrorId,
        ErrorCategory category, String activity, String reason, String targetName, String targetType,
        PsValue targetObject) {
    /** Type names of the record itself. */
    public static final List<String> TYPE_NAMES = List.of("System.Management.Automation.ErrorRecord",
            "System.Object");

    public ErrorRecord {
        Objects.requireNonNull(message, "message");
        exceptionTypeNames = List.copyOf(exceptionTypeNames);
        Objects.requireNonNull(fullyQualifiedErrorId, "fullyQualifiedErrorId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(targetObject, "targetObject");
    }

    /** A record for a RuntimeException-like error with no target. */
    public static ErrorRecord of(String message, String fullyQualifiedErrorId, ErrorCategory category) {
        return new ErrorRecord(message, List.of("System.Management.Automation.RuntimeException",
                "System.SystemException", "System.Exception"), fullyQualifiedErrorId, category, null,
                "RuntimeException", null, null, PsNull.INSTANCE);
    }

    /** PowerShell's {@code ErrorCategory_Message}: {@code Category: (TargetName:TargetType) [Activity], Reason}. */
    public String categoryMessage() {
        return category.dotNetName() + ": (" + nz(targetName) + ":" + nz(targetType) + ") [" + nz(activity) + "], "
                + nz(reason);
    }

    public PsObject toPsObject() {
        List<String> exceptionNames = new ArrayList<>(exceptionTypeNames);
        exceptionNames.add("System.Object");
        PsObject exception = PsObject.builder().typeNames(exceptionNames).toStringValue(message)
                .adapted("Message", new PsString(message)).adapted("Data", PsNull.INSTANCE)
                .adapted("InnerException", PsNull.INSTANCE).adapted("TargetSite", PsNull.INSTANCE)
                .adapted("StackTrace", PsNull.INSTANCE).adapted("HelpLink", PsNull.INSTANCE)
                .adapted("Source", PsNull.INSTANCE).adapted("HResult", new PsInteger(IntegerType.INT32, -2146233087))
                .build();
        return PsObject.builder().typeNames(TYPE_NAMES).toStringValue(message).extended("Exception", exception)
                .extended("TargetObject", targetObject)
                .extended("FullyQualifiedErrorId", new PsString(fullyQualifiedErrorId))
                .extended("InvocationInfo", PsNull.INSTANCE)
                .extended("ErrorCategory_Category", new PsInteger(IntegerType.INT32, category.wire()))
                .extended("ErrorCategory_Activity", str(activity)).extended("ErrorCategory_Reason", str(reason))
                .extended("ErrorCategory_TargetName", str(targetName))
                .extended("ErrorCategory_TargetType", str(targetType))
                .extended("ErrorCategory_Message", new PsString(categoryMessage()))
                .extended("SerializeExtendedInfo", new PsBool(false)).build();
    }

    /** Reads an error record leniently: only the message (from the exception or ToString) is required. */
    public static ErrorRecord from(PsValue value) {
        PsMembers m = PsMembers.of(value, "ErrorRecord");
        PsObject record = m.object();
        String message = null;
        List<String> exceptionTypes = List.of();
        if (m.optional("Exception").orElse(PsNull.INSTANCE) instanceof PsObject ex) {
            message = PsMembers.of(ex, "ErrorRecord Exception").optionalString("Message");
            exceptionTypes = ex.typeNames().stream().filter(t -> !t.equals("System.Object")).toList();
            if (message == null) {
                message = ex.toStringValue();
            }
        }
        if (message == null) {
            message = record.toStringValue() == null ? "" : record.toStringValue();
        }
        String fqid = m.optionalString("FullyQualifiedErrorId");
        return new ErrorRecord(message, exceptionTypes, fqid == null ? "" : fqid,
                ErrorCategory.fromWire(m.optionalLong("ErrorCategory_Category").orElse(0L)),
                m.optionalString("ErrorCategory_Activity"), m.optionalString("ErrorCategory_Reason"),
                m.optionalString("ErrorCategory_TargetName"), m.optionalString("ErrorCategory_TargetType"),
                m.optional("TargetObject").orElse(PsNull.INSTANCE));
    }

    private static PsValue str(String s) {
        return s == null ? PsNull.INSTANCE : new PsString(s);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
