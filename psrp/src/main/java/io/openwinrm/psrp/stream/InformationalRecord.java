package io.openwinrm.psrp.stream;

import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsMembers;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.List;
import java.util.Objects;

/**
 * A debug, verbose or warning record ([MS-PSRP] 2.2.3.16): DEBUG_RECORD, VERBOSE_RECORD, WARNING_RECORD data.
 *
 * @param kind    which stream
 * @param message {@code InformationalRecord_Message}
 */
public record InformationalRecord(Kind kind, String message) {

    /** The three informational streams and their record types. */
    public enum Kind {
        DEBUG("System.Management.Automation.DebugRecord"),
        VERBOSE("System.Management.Automation.VerboseRecord"),
        WARNING("System.Management.Automation.WarningRecord");

        private final String typeName;

        Kind(String typeName) {
            this.typeName = typeName;
        }

        public String typeName() {
            return typeName;
        }
    }

    public InformationalRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    public PsObject toPsObject() {
        return PsObject.builder()
                .typeNames(List.of(kind.typeName(), "System.Management.Automation.InformationalRecord",
                        "System.Object"))
                .toStringValue(message).extended("InformationalRecord_Message", new PsString(message))
                .extended("InformationalRecord_SerializeInvocationInfo", new PsBool(false)).build();
    }

    /** Reads the message from {@code InformationalRecord_Message}, else ToString. */
    public static InformationalRecord from(Kind kind, PsValue value) {
        PsMembers m = PsMembers.of(value, kind + " record");
        String message = m.optionalString("InformationalRecord_Message");
        if (message == null) {
            message = m.object().toStringValue() == null ? "" : m.object().toStringValue();
        }
        return new InformationalRecord(kind, message);
    }
}
