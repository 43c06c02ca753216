package io.openwinrm.psrp.stream;

import io.openwinrm.psrp.clixml.IntegerType;
import io.openwinrm.psrp.clixml.ListKind;
import io.openwinrm.psrp.clixml.PsDateTime;
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
 * An information record ([MS-PSRP] 2.2.3.34, protocol 2.3+): INFORMATION_RECORD data, what {@code Write-Information}
 * and {@code Write-Host} produce.
 *
 * @param messageData   the payload (often a string, or a HostInformationMessage object)
 * @param timeGenerated when, or null
 */
public record InformationRecord(PsValue messageData, String source, PsDateTime timeGenerated, List<String> tags,
        String user, String computer, long processId, long nativeThreadId, long managedThreadId) {
    /** Type names of the record. */
    public static final List<String> TYPE_NAMES = List.of("System.Management.Automation.InformationRecord",
            "System.Object");
    private static final List<String> TAG_LIST = List.of(
            "System.Collections.Generic.List`1[[System.String, mscorlib, Version=4.0.0.0, Culture=neutral, "
                    + "PublicKeyToken=b77a5c561934e089]]", "System.Object");

    public InformationRecord {
        Objects.requireNonNull(messageData, "messageData");
        tags = List.copyOf(tags);
    }

    public PsObject toPsObject() {
        List<PsValue> tagValues = new ArrayList<>();
        tags.forEach(t -> tagValues.add(new PsString(t)));
        return PsObject.builder().typeNames(TYPE_NAMES).extended("MessageData", messageData)
                .extended("Source", PsValue.of(source))
                .extended("TimeGenerated", timeGenerated == null ? PsNull.INSTANCE : timeGenerated)
                .extended("Tags", PsObject.ofList(TAG_LIST, ListKind.LIST, tagValues))
                .extended("User", PsValue.of(user)).extended("Computer", PsValue.of(computer))
                .extended("ProcessId", new PsInteger(IntegerType.UINT32, processId))
                .extended("NativeThreadId", new PsInteger(IntegerType.UINT32, nativeThreadId))
                .extended("ManagedThreadId", new PsInteger(IntegerType.UINT32, managedThreadId)).build();
    }

    public static InformationRecord from(PsValue value) {
        PsMembers m = PsMembers.of(value, "INFORMATION_RECORD");
        List<String> tags = new ArrayList<>();
        if (m.optional("Tags").isPresent()) {
            for (PsValue t : m.requireList("Tags")) {
                if (t instanceof PsString s) {
                    tags.add(s.value());
                }
            }
        }
        PsValue time = m.optional("TimeGenerated").orElse(PsNull.INSTANCE);
        return new InformationRecord(m.optional("MessageData").orElse(PsNull.INSTANCE), m.optionalString("Source"),
                time instanceof PsDateTime dt ? dt : null, tags, m.optionalString("User"),
                m.optionalString("Computer"), m.optionalLong("ProcessId").orElse(0L),
                m.optionalLong("NativeThreadId").orElse(0L), m.optionalLong("ManagedThreadId").orElse(0L));
    }
}
