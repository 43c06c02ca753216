package io.openwinrm.server.psrp;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.SignalCode;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.CommandNotFoundException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Signal of a PowerShell pipeline ([MS-PSRP] 3.1.5.3.9, [MS-WSMV] 3.1.4.12). {@code powershell/signal/crtl_c} (the
 * spelling of the spec and of PowerShell), {@code powershell/signal/ctrl_c} (pypsrp's) and WinRS's ctrl_c stop the
 * pipeline: the engine answers with PIPELINE_STATE Stopped on its Receive. {@code terminate} closes it: a running
 * pipeline is stopped, its buffered output dropped, and its CommandId is unknown from then on. PSRP never signals the
 * pool: a Signal without CommandId is refused.
 */
final class PowerShellSignalHandler implements ActionHandler {

    /** [MS-PSRP] 3.1.5.3.9 and PowerShell's client: "crtl", sic. */
    static final String STOP = "powershell/signal/crtl_c";

    private final PowerShellHandlers shared;

    PowerShellSignalHandler(PowerShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        if (!(request instanceof SignalRequest signal)) {
            throw new WsmanFaultException(FaultKind.SCHEMA_VALIDATION, "Expected rsp:Signal in the body. ");
        }
        String code = signal.code() == null ? "" : signal.code().strip();
        boolean stop = code.equalsIgnoreCase(STOP) || signal.signalCode().equals(Optional.of(SignalCode.CTRL_C));
        boolean terminate = signal.signalCode().equals(Optional.of(SignalCode.TERMINATE));
        if (!stop && !terminate) {
            throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "Unknown signal code for a PowerShell "
                    + "pipeline; it accepts " + STOP + " and terminate. ");
        }
        if (signal.commandId() == null) {
            throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "A PowerShell signal names a pipeline "
                    + "(CommandId); the runspace pool is closed by Delete. ");
        }
        PowerShellSession session = shared.session(ctx);
        UUID id = PowerShellHandlers.pipelineId(signal.commandId());
        FragmentQueue queue = session.pipeline(id).orElseThrow(() -> new CommandNotFoundException(signal.commandId()));
        return CompletableFuture.supplyAsync(() -> {
            if (!queue.isDone()) {
                session.engine().stopPipeline(id);
            }
            if (terminate) {
                session.removePipeline(id, new CommandNotFoundException(signal.commandId()));
            }
            return new SignalResponse();
        }, shared.blocking());
    }
}
