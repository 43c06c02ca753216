package io.openwinrm.psrp.stream;

import io.openwinrm.psrp.clixml.IntegerType;
import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsMembers;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.List;
import java.util.Objects;

/**
 * A progress record ([MS-PSRP] 2.2.3.25): PROGRESS_RECORD data.
 *
 * @param completed the {@code Type} member: false = Processing (0), true = Completed (1)
 */
public record ProgressRecord(String activity, int activityId, String statusDescription, String currentOperation,
        int parentActivityId, int percentComplete, boolean completed, int secondsRemaining) {
    private static final List<String> TYPE_TYPE_NAMES = List.of("System.Management.Automation.ProgressRecordType",
            "System.Enum", "System.ValueType", "System.Object");

    public ProgressRecord {
        Objects.requireNonNull(activity, "activity");
        Objects.requireNonNull(statusDescription, "statusDescription");
    }

    public PsObject toPsObject() {
        return PsObject.builder().extended("Activity", new PsString(activity))
                .extended("ActivityId", i32(activityId)).extended("StatusDescription", new PsString(statusDescription))
                .extended("CurrentOperation", currentOperation == null ? PsNull.INSTANCE : new PsString(currentOperation))
                .extended("ParentActivityId", i32(parentActivityId)).extended("PercentComplete", i32(percentComplete))
                .extended("Type", PsObject.ofEnum(TYPE_TYPE_NAMES, completed ? "Completed" : "Processing",
                        completed ? 1 : 0))
                .extended("SecondsRemaining", i32(secondsRemaining)).build();
    }

    public static ProgressRecord from(PsValue value) {
        PsMembers m = PsMembers.of(value, "PROGRESS_RECORD");
        String activity = m.optionalString("Activity");
        String status = m.optionalString("StatusDescription");
        return new ProgressRecord(activity == null ? "" : activity, m.requireInt("ActivityId"),
                status == null ? "" : status, m.optionalString("CurrentOperation"),
                (int) (long) m.optionalLong("ParentActivityId").orElse(-1L),
                (int) (long) m.optionalLong("PercentComplete").orElse(-1L), m.optionalIntEnum("Type", 0) == 1,
                (int) (long) m.optionalLong("SecondsRemaining").orElse(-1L));
    }

    private static PsInteger i32(int v) {
        return new PsInteger(IntegerType.INT32, v);
    }
}
