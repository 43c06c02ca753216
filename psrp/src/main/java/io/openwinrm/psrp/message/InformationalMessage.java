package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.InformationalRecord;
import java.util.Objects;

/**
 * DEBUG_RECORD, VERBOSE_RECORD or WARNING_RECORD ([MS-PSRP] 2.2.2.22 - 2.2.2.24): the record as sent (lossless);
 * {@link #informationalRecord()} reads it.
 */
public record InformationalMessage(InformationalRecord.Kind kind, PsValue record) implements MessageBody {
    public InformationalMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(record, "record");
    }

    public static InformationalMessage of(InformationalRecord r) {
        return new InformationalMessage(r.kind(), r.toPsObject());
    }

    public InformationalRecord informationalRecord() {
        return InformationalRecord.from(kind, record);
    }

    @Override
    public int typeCode() {
        return switch (kind) {
            case DEBUG -> MessageType.DEBUG_RECORD.code();
            case VERBOSE -> MessageType.VERBOSE_RECORD.code();
            case WARNING -> MessageType.WARNING_RECORD.code();
        };
    }
}
