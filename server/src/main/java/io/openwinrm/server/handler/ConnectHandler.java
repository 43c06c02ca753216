package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Connect ([MS-WSMV] 3.1.4.17): any client process of the shell's owner takes over a disconnected shell. The cmd
 * shell has no PSRP payload: a {@code connectXml} is accepted and ignored, and the response carries the shell's
 * streams without {@code connectResponseXml}. An empty body is accepted too.
 */
final class ConnectHandler implements ActionHandler {

    private final ShellHandlers shared;

    ConnectHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        if (!(request instanceof EmptyBody)) {
            ShellHandlers.expect(request, ConnectRequest.class);
        }
        Shell shell = shared.shells().reconnect(ctx.owner(), shared.find(ctx).id(), "connect",
                ctx.clientIp());
        return CompletableFuture.completedFuture(new ConnectResponse(shell.spec().inputStreams(),
                shell.spec().outputStreams(), null));
    }
}
