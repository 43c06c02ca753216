package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.SendResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Send ([MS-WSMV] 3.1.4.13): input for a command's stdin. The reply is sent once the bytes are accepted by the
 * command's bounded input queue, so a fast sender is paced by the process.
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
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (StreamData s : send.streams()) {
            if (!StreamNames.STDIN.equals(s.name())) {
                throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "Unknown input stream '" + s.name()
                        + "'; this shell accepts only stdin. ");
            }
            if (s.commandId() == null) {
                throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "The Stream element has no CommandId. ");
            }
            var command = shell.command(s.commandId());
            all = all.thenCompose(v -> command.send(s.data(), s.end()));
        }
        return all.thenApply(v -> new SendResponse());
    }
}
