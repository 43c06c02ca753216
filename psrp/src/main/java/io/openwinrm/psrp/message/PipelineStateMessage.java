package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.Optional;

/**
 * PIPELINE_STATE ([MS-PSRP] 2.2.2.21): the pipeline's PSInvocationState wire value (see
 * {@code state.PipelineState}) and, for Failed or Stopped, the reason.
 *
 * @param exceptionAsErrorRecord the ErrorRecord explaining Failed/Stopped, or null
 */
public record PipelineStateMessage(int state, PsValue exceptionAsErrorRecord) implements MessageBody {

    public static PipelineStateMessage of(int state) {
        return new PipelineStateMessage(state, null);
    }

    public static PipelineStateMessage withReason(int state, ErrorRecord reason) {
        return new PipelineStateMessage(state, reason.toPsObject());
    }

    /** The typed reason, if any. */
    public Optional<ErrorRecord> reason() {
        return Optional.ofNullable(exceptionAsErrorRecord).map(ErrorRecord::from);
    }

    @Override
    public int typeCode() {
        return MessageType.PIPELINE_STATE.code();
    }
}
