package io.openwinrm.psrp.message;

/** END_OF_PIPELINE_INPUT ([MS-PSRP] 2.2.2.18): no more PIPELINE_INPUT follows; empty data. */
public record EndOfPipelineInput() implements MessageBody {
    @Override
    public int typeCode() {
        return MessageType.END_OF_PIPELINE_INPUT.code();
    }
}
