package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.Objects;

/** PIPELINE_INPUT ([MS-PSRP] 2.2.2.17): one input object. */
public record PipelineInput(PsValue value) implements MessageBody {
    public PipelineInput {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public int typeCode() {
        return MessageType.PIPELINE_INPUT.code();
    }
}
