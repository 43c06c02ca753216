package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.SendResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.command.SendOutcome;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Send ([MS-WSMV] 3.1.4.13): input for a command's stdin. The reply is sent once the bytes are accepted by the
 * command's bounded input queue, so a fast sender is paced by the process; but never later than a little before the
 * OperationTimeout: a Send that found no room by then is answered with the TimedOut fault Receive uses (code
 * 2150858793, text naming OperationTimeout) and nothing of it is accepted, so the client sends it again. A Send beyond
 * the command's bound on waiting Sends is refused at once with w:QuotaLimit (see {@code FaultKind.QUOTA_INPUT_BACKLOG}).
 *
 * <p>A Send carries input for one command: several {@code rsp:Stream} elements (legal, though no client sends
 * them) are one piece of input, up to the first that ends it, accepted or timed out as a whole.
 */
final class SendHandler implements ActionHandler {

    private final ShellHandlers shared;

    SendHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        SendRequest send = ShellHandlers.expect(request, SendRequest.class);
        Shell shell = shared.shell(ctx);
        String commandId = null;
        for (StreamData s : send.streams()) {
            if (!StreamNames.STDIN.equals(s.name())) {
                throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "Unknown input stream '" + s.name()
                        + "'; this shell accepts only stdin. ");
            }
            if (s.commandId() == null) {
                throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "The Stream element has no CommandId. ");
            }
            if (commandId != null && !commandId.equalsIgnoreCase(s.commandId().strip())) {
                throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "A Send carries input for one command; "
                        + "this one names " + commandId + " and " + s.commandId() + ". ");
            }
            commandId = s.commandId().strip();
        }
        if (commandId == null) {
            return CompletableFuture.completedFuture(new SendResponse());
        }
        RunningCommand command = shell.command(commandId);
        byte[] data = send.streams().get(0).sharedData(); // this request is the handler's alone
        boolean end = send.streams().get(0).end();
        if (send.streams().size() > 1) {
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            end = false;
            for (StreamData s : send.streams()) {
                input.writeBytes(s.sharedData());
                if (s.end()) {
                    end = true;
                    break;
                }
            }
            data = input.toByteArray();
        }
        byte[] accepted = data;
        return command.send(data, end, ctx.replyWait()).thenApply(outcome -> {
            if (outcome == SendOutcome.TIMED_OUT) {
                throw new WsmanFaultException(FaultKind.TIMED_OUT, FaultKind.TIMED_OUT.defaultMessage()
                        + "The standard input of command " + command.id() + " had no room for this Send; none of "
                        + "its " + accepted.length + " bytes was accepted. ");
            }
            return new SendResponse();
        });
    }
}
