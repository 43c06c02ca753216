package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.InformationRecord;
import java.util.Objects;

/** INFORMATION_RECORD ([MS-PSRP] 2.2.2.26, protocol 2.3+): the record as sent; {@link #informationRecord()} reads it. */
public record InformationRecordMessage(PsValue record) implements MessageBody {
    public InformationRecordMessage {
        Objects.requireNonNull(record, "record");
    }

    public static InformationRecordMessage of(InformationRecord r) {
        return new InformationRecordMessage(r.toPsObject());
    }

    /** The typed view of the record. */
    public InformationRecord informationRecord() {
        return InformationRecord.from(record);
    }

    @Override
    public int typeCode() {
        return MessageType.INFORMATION_RECORD.code();
    }
}
