package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.SignalCode;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.command.Signal;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Signal ([MS-WSMV] 3.1.4.12): terminate (process group SIGTERM, then SIGKILL), ctrl_c (SIGINT), ctrl_break
 * (SIGQUIT). Codes compare case-insensitively; clients send both {@code terminate} and {@code Terminate}.
 */
final class SignalHandler implements ActionHandler {

    private final ShellHandlers shared;

    SignalHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        SignalRequest signal = ShellHandlers.expect(request, SignalRequest.class);
        SignalCode code = signal.signalCode().orElseThrow(() -> new WsmanFaultException(FaultKind.INVALID_PARAMETER,
                "Unknown signal code '" + signal.code() + "'. "));
        if (signal.commandId() == null) {
            throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "The Signal element has no CommandId. ");
        }
        Shell shell = shared.shell(ctx);
        var command = shell.command(signal.commandId());
        Signal s = switch (code) {
            case TERMINATE -> Signal.TERMINATE;
            case CTRL_C -> Signal.CTRL_C;
            case CTRL_BREAK -> Signal.CTRL_BREAK;
        };
        // signalling may wait a moment for a just-started process to lead its group: off the event loop
        return CompletableFuture.supplyAsync(() -> {
            command.signal(s);
            return new SignalResponse();
        }, shared.blocking());
    }
}
