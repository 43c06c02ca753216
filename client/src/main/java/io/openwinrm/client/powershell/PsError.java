package io.openwinrm.client.powershell;

import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of a pipeline's error stream (ERROR_RECORD, [MS-PSRP] 2.2.2.20): the typed {@link ErrorRecord} and the
 * object as sent, for what the typed view leaves out (the invocation info with the script position).
 *
 * @param record the typed record
 * @param raw    the deserialized ErrorRecord object
 */
public record PsError(ErrorRecord record, PsValue raw) {
    public PsError {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(raw, "raw");
    }

    /** Reads a record leniently ({@link ErrorRecord#from}). */
    public static PsError of(PsValue raw) {
        return new PsError(ErrorRecord.from(raw), raw);
    }

    /**
     * Where in the script the error happened, as PowerShell prints it below the message ("At line:1 char:1 ..."):
     * {@code InvocationInfo.PositionMessage}, or the flattened {@code InvocationInfo_PositionMessage} member
     * PowerShell writes with SerializeExtendedInfo; empty when the server sent neither.
     */
    public Optional<String> positionMessage() {
        if (!(raw instanceof PsObject o)) {
            return Optional.empty();
        }
        if (o.property("InvocationInfo").orElse(null) instanceof PsObject info
                && info.property("PositionMessage").orElse(null) instanceof PsString s && !s.value().isBlank()) {
            return Optional.of(s.value());
        }
        if (o.property("InvocationInfo_PositionMessage").orElse(null) instanceof PsString s
                && !s.value().isBlank()) {
            return Optional.of(s.value());
        }
        return Optional.empty();
    }

    /** PowerShell's category line, e.g. {@code ObjectNotFound: (:) [], CommandNotFoundException}. */
    public String categoryLine() {
        return record.categoryMessage();
    }
}
