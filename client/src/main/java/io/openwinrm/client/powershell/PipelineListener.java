package io.openwinrm.client.powershell;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.InformationRecord;
import io.openwinrm.psrp.stream.InformationalRecord;
import io.openwinrm.psrp.stream.ProgressRecord;

/**
 * Receives a pipeline's objects and records as they arrive ([MS-PSRP] 3.1.4.3): output (PIPELINE_OUTPUT, 2.2.2.19),
 * errors (2.2.2.20), debug, verbose and warning records (2.2.2.22-24), progress (2.2.2.25) and information (2.2.2.26).
 * Called on the pipeline's receiving thread, in the order the server sent them; a slow listener slows only its own
 * pipeline. Every method defaults to ignoring the record. A listener that throws ends the pipeline's waiting with a
 * {@link PowerShellException} (the pipeline itself may run on on the server until its pool is closed).
 */
public interface PipelineListener {

    /** A listener that ignores everything. */
    PipelineListener IGNORE = new PipelineListener() {
    };

    default void output(PsValue value) {
    }

    default void error(PsError error) {
    }

    /** A debug, verbose or warning record; {@link InformationalRecord#kind()} says which. */
    default void informational(InformationalRecord record) {
    }

    default void progress(ProgressRecord record) {
    }

    default void information(InformationRecord record) {
    }
}
