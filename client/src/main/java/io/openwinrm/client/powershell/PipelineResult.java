package io.openwinrm.client.powershell;

import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * How a pipeline ended ([MS-PSRP] 2.2.2.21, 2.2.3.5).
 *
 * @param state      Completed, Failed or Stopped
 * @param reason     the ErrorRecord of a Failed or Stopped pipeline, if the server sent one
 * @param errorCount records the error stream carried (a Completed pipeline may have some: PowerShell's
 *                   {@code HadErrors})
 */
public record PipelineResult(PipelineState state, Optional<ErrorRecord> reason, int errorCount) {
    public PipelineResult {
        Objects.requireNonNull(state, "state");
        reason = reason == null ? Optional.empty() : reason;
    }

    /** Failed or Stopped, or error records on the way: PowerShell's {@code HadErrors}. */
    public boolean hadErrors() {
        return state != PipelineState.COMPLETED || errorCount > 0;
    }

    /**
     * @return this, if the pipeline Completed
     * @throws PipelineFailedException with the reason otherwise
     */
    public PipelineResult throwIfFailed() {
        if (state != PipelineState.COMPLETED) {
            throw new PipelineFailedException(state, reason.orElse(null));
        }
        return this;
    }
}
