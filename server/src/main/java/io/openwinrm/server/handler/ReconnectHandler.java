package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.ReconnectRequest;
import io.openwinrm.protocol.shell.ReconnectResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reconnect ([MS-WSMV] 3.1.4.16): the client that disconnected resumes the shell; the next receives return
 * everything buffered meanwhile. An empty body both ways.
 */
final class ReconnectHandler implements ActionHandler {

    private final ShellHandlers shared;

    ReconnectHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        ShellHandlers.expect(request, ReconnectRequest.class);
        shared.shells().reconnect(ctx.owner(), shared.find(ctx).id(), "reconnect", ctx.clientIp());
        return CompletableFuture.completedFuture(new ReconnectResponse());
    }
}
