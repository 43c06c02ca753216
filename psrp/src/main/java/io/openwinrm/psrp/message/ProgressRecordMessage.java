package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.ProgressRecord;
import java.util.Objects;

/** PROGRESS_RECORD ([MS-PSRP] 2.2.2.25): the record as sent; {@link #progressRecord()} reads it. */
public record ProgressRecordMessage(PsValue record) implements MessageBody {
    public ProgressRecordMessage {
        Objects.requireNonNull(record, "record");
    }

    public static ProgressRecordMessage of(ProgressRecord r) {
        return new ProgressRecordMessage(r.toPsObject());
    }

    /** The typed view of the record. */
    public ProgressRecord progressRecord() {
        return ProgressRecord.from(record);
    }

    @Override
    public int typeCode() {
        return MessageType.PROGRESS_RECORD.code();
    }
}
