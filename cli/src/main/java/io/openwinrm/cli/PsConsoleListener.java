package io.openwinrm.cli;

import io.openwinrm.client.powershell.PipelineListener;
import io.openwinrm.client.powershell.PipelineResult;
import io.openwinrm.client.powershell.PsError;
import io.openwinrm.client.powershell.PsValues;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.psrp.stream.InformationRecord;
import io.openwinrm.psrp.stream.InformationalRecord;
import java.io.PrintStream;

/**
 * A pipeline's streams on a console ([MS-PSRP] 3.1.4.3): output objects through a {@link PsFormatter} on standard
 * output as they arrive, error records with their category ({@link PsFormatter#error(PsError)}) and warning, verbose
 * and debug records on standard error, {@code Write-Host} text (information records tagged {@code PSHOST},
 * 2.2.2.26) on standard output. Called on the pipeline's receiving thread; {@link #finish} on the caller's once the
 * pipeline ended.
 */
final class PsConsoleListener implements PipelineListener {
    private final PsFormatter formatter;
    private final PrintStream out;
    private final PrintStream err;

    PsConsoleListener(PrintStream out, PrintStream err) {
        this.formatter = new PsFormatter(out);
        this.out = out;
        this.err = err;
    }

    @Override
    public void output(PsValue value) {
        formatter.object(value);
        out.flush();
    }

    @Override
    public void error(PsError error) {
        formatter.flush();
        err.print(PsFormatter.error(error));
        err.flush();
    }

    @Override
    public void informational(InformationalRecord record) {
        formatter.flush();
        err.println(record.kind() + ": " + record.message());
    }

    @Override
    public void information(InformationRecord record) {
        if (record.tags().contains("PSHOST")) {
            formatter.flush();
            out.println(PsValues.toText(record.messageData()));
        }
    }

    /**
     * Prints the objects still held for a table and, for a pipeline that did not complete, its reason (or its state)
     * on standard error.
     *
     * @param quietStop whether a Stopped pipeline is expected (the user pressed Ctrl+C) and needs no message
     */
    void finish(PipelineResult r, boolean quietStop) {
        formatter.flush();
        if (r.state() != PipelineState.COMPLETED && !(quietStop && r.state() == PipelineState.STOPPED)) {
            r.reason().ifPresentOrElse(reason -> err.print(PsFormatter.error(reason, null)),
                    () -> err.println("the pipeline " + r.state()));
        }
        out.flush();
        err.flush();
    }
}
