package io.openwinrm.server.handler;

import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Get of one shell ([MS-WSMV] 3.1.4.2.1) on the shell resource (or the shell's own endpoint's URI) with the ShellId
 * selector: the caller's shell as an {@code rsp:Shell}, in any state. Does not count as activity (a disconnected shell's idle clock keeps running).
 */
final class GetShellHandler implements ActionHandler {

    private final ShellHandlers shared;

    GetShellHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        var shell = shared.find(ctx);
        return CompletableFuture.completedFuture(shared.describe(shell));
    }
}
