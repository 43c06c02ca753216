package io.openwinrm.client.powershell;

import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.Optional;

/**
 * A pipeline ended Failed or Stopped ([MS-PSRP] 2.2.3.5); {@link #reason()} is the ErrorRecord PIPELINE_STATE carried
 * as {@code ExceptionAsErrorRecord} (2.2.2.21), e.g. a refused command on a restricted endpoint.
 */
public class PipelineFailedException extends PowerShellException {
    private static final long serialVersionUID = 1L;
    private final PipelineState state;
    private final transient ErrorRecord reason;

    public PipelineFailedException(PipelineState state, ErrorRecord reason) {
        super("the pipeline " + state.toString().toLowerCase(java.util.Locale.ROOT)
                + (reason == null ? "" : ": " + reason.message()));
        this.state = state;
        this.reason = reason;
    }

    /** Failed or Stopped. */
    public PipelineState state() {
        return state;
    }

    public Optional<ErrorRecord> reason() {
        return Optional.ofNullable(reason);
    }
}
