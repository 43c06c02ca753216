package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.Objects;

/** PIPELINE_OUTPUT ([MS-PSRP] 2.2.2.19): one output object; empty data reads as Nil. */
public record PipelineOutput(PsValue value) implements MessageBody {
    public PipelineOutput {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public int typeCode() {
        return MessageType.PIPELINE_OUTPUT.code();
    }
}
