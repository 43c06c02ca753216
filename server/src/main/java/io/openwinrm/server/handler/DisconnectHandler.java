package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.DisconnectResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Disconnect ([MS-WSMV] 3.1.4.15): the caller's shell stays open without a client, its commands keep running and
 * their output is buffered per the BufferMode; pending receives complete first. The body's IdleTimeOut and
 * BufferMode override the shell's while it is disconnected. Another user's shell is answered like an unknown one.
 */
final class DisconnectHandler implements ActionHandler {

    private final ShellHandlers shared;

    DisconnectHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        DisconnectRequest disconnect = ShellHandlers.expect(request, DisconnectRequest.class);
        shared.shells().disconnect(ctx.owner(), shared.find(ctx).id(),
                disconnect.idleTimeout().orElse(null), disconnect.bufferMode().orElse(null));
        return CompletableFuture.completedFuture(new DisconnectResponse());
    }
}
