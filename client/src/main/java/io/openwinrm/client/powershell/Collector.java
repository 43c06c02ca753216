package io.openwinrm.client.powershell;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.InformationRecord;
import io.openwinrm.psrp.stream.InformationalRecord;
import io.openwinrm.psrp.stream.ProgressRecord;
import java.util.ArrayList;
import java.util.List;

/** Collects everything for {@link #invoke}. */
final class Collector implements PipelineListener {
    private final List<PsValue> output = new ArrayList<>();
    private final List<PsError> errors = new ArrayList<>();
    private final List<InformationalRecord> informational = new ArrayList<>();
    private final List<ProgressRecord> progress = new ArrayList<>();
    private final List<InformationRecord> information = new ArrayList<>();

    @Override
    public synchronized void output(PsValue value) {
        output.add(value);
    }

    @Override
    public synchronized void error(PsError error) {
        errors.add(error);
    }

    @Override
    public synchronized void informational(InformationalRecord record) {
        informational.add(record);
    }

    @Override
    public synchronized void progress(ProgressRecord record) {
        progress.add(record);
    }

    @Override
    public synchronized void information(InformationRecord record) {
        information.add(record);
    }

    synchronized InvokeResult result(PipelineResult r) {
        return new InvokeResult(r, output, errors, informational, progress, information);
    }
}
