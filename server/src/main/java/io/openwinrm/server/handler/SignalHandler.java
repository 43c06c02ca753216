package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.ProviderFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.SignalCode;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.command.Signal;
import io.openwinrm.server.command.WindowSize;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Signal ([MS-WSMV] 3.1.4.12): terminate (process group SIGTERM, then SIGKILL), ctrl_c (SIGINT), ctrl_break
 * (SIGQUIT). Codes compare case-insensitively; clients send both {@code terminate} and {@code Terminate}. Under a
 * pseudo-terminal ctrl_c and ctrl_break are the terminal's characters (0x03, 0x1C), and OpenWinRM's window-size
 * code ({@link WindowSize}) resizes the terminal; a malformed one is the InvalidParameter fault.
 */
final class SignalHandler implements ActionHandler {

    private final ShellHandlers shared;

    SignalHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        SignalRequest signal = ShellHandlers.expect(request, SignalRequest.class);
        if (WindowSize.isWindowSizeCode(signal.code())) {
            return resize(ctx, signal);
        }
        SignalCode code = signal.signalCode().orElseThrow(() -> new WsmanFaultException(FaultKind.INVALID_PARAMETER,
                "Unknown signal code '" + signal.code() + "'. "));
        if (signal.commandId() == null) {
            // the cmd shell has no shell-level streams: Windows' plug-in answers with the Win32 text only
            throw WsmanFaultException.fromProvider(FaultKind.INVALID_PARAMETER, ProviderFault.SHELL_CMD_PLUGIN, null);
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

    private CompletionStage<? extends Body> resize(RequestContext ctx, SignalRequest signal) {
        WindowSize size = WindowSize.parse(signal.code()).orElseThrow(() -> new WsmanFaultException(
                FaultKind.INVALID_PARAMETER, "Malformed window-size signal code '" + signal.code()
                + "': expected columns=C&rows=R with C and R from 1 to 10000. "));
        if (signal.commandId() == null) {
            // the cmd shell has no shell-level streams: Windows' plug-in answers with the Win32 text only
            throw WsmanFaultException.fromProvider(FaultKind.INVALID_PARAMETER, ProviderFault.SHELL_CMD_PLUGIN, null);
        }
        Shell shell = shared.shell(ctx);
        shell.command(signal.commandId()).resizeTerminal(size);
        return CompletableFuture.completedFuture(new SignalResponse());
    }
}
