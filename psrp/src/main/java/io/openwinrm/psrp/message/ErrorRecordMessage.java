package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.Objects;

/** ERROR_RECORD ([MS-PSRP] 2.2.2.20): the record as sent (lossless); {@link #errorRecord()} reads it. */
public record ErrorRecordMessage(PsValue record) implements MessageBody {
    public ErrorRecordMessage {
        Objects.requireNonNull(record, "record");
    }

    public static ErrorRecordMessage of(ErrorRecord r) {
        return new ErrorRecordMessage(r.toPsObject());
    }

    /** The typed view of the record. */
    public ErrorRecord errorRecord() {
        return ErrorRecord.from(record);
    }

    @Override
    public int typeCode() {
        return MessageType.ERROR_RECORD.code();
    }
}
