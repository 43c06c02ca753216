package io.openwinrm.client.powershell;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.InformationRecord;
import io.openwinrm.psrp.stream.InformationalRecord;
import io.openwinrm.psrp.stream.ProgressRecord;
import java.util.List;
import java.util.Objects;

/**
 * Everything a pipeline produced, collected by {@link RunspacePool#invoke}: its output objects, every stream and how
 * it ended.
 */
public record InvokeResult(PipelineResult result, List<PsValue> output, List<PsError> errors,
        List<InformationalRecord> informational, List<ProgressRecord> progress, List<InformationRecord> information) {
    public InvokeResult {
        Objects.requireNonNull(result, "result");
        output = List.copyOf(output);
        errors = List.copyOf(errors);
        informational = List.copyOf(informational);
        progress = List.copyOf(progress);
        information = List.copyOf(information);
    }

    /** The records of one informational stream (debug, verbose or warning). */
    public List<InformationalRecord> informational(InformationalRecord.Kind kind) {
        return informational.stream().filter(r -> r.kind() == kind).toList();
    }

    /** See {@link PipelineResult#hadErrors()}. */
    public boolean hadErrors() {
        return result.hadErrors();
    }
}
