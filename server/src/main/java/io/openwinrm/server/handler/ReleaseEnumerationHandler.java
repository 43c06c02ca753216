package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.ReleaseRequest;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Release of a shell enumeration ([MS-WSMV] 3.1.4.10; WS-Enumeration 3.4): ends the caller's own context; the
 * ReleaseResponse has an empty body. Any other context is {@code n:InvalidEnumerationContext}.
 */
final class ReleaseEnumerationHandler implements ActionHandler {

    private final ShellHandlers shared;

    ReleaseEnumerationHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        ReleaseRequest r = ShellHandlers.expect(request, ReleaseRequest.class);
        shared.enumerations().release(ctx.owner(), ctx.header().resourceUri(), r.enumerationContext());
        return CompletableFuture.completedFuture(new EmptyBody());
    }
}
