package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.DeleteResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Delete ([MS-WSMV] 3.1.4.6): closes the shell, killing every process group in it; reaping continues afterwards. */
final class DeleteShellHandler implements ActionHandler {

    private final ShellHandlers shared;

    DeleteShellHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        String id = shared.find(ctx).id();
        return CompletableFuture.supplyAsync(() -> {
            shared.shells().delete(ctx.owner(), id);
            return new DeleteResponse();
        }, shared.blocking());
    }
}
