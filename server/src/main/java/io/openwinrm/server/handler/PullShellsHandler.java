package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.PullRequest;
import io.openwinrm.protocol.shell.PullResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Pull of a shell enumeration ([MS-WSMV] 3.1.4.9; WS-Enumeration 3.2): the next {@code n:MaxElements} shells (1 when
 * absent, at most {@link EnumerateShellsHandler#MAX_BATCH_ITEMS}) of the caller's own context on the same
 * ResourceURI, described as they are now (a shell closed meanwhile is left out), with {@code n:EndOfSequence} and
 * no context once none remains; for an enumeration of one shell's commands, those of its commands still there. Any
 * other context is {@code n:InvalidEnumerationContext}.
 */
final class PullShellsHandler implements ActionHandler {

    private final ShellHandlers shared;

    PullShellsHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        PullRequest r = ShellHandlers.expect(request, PullRequest.class);
        int max = Math.min(r.maxElements().orElse(1), EnumerateShellsHandler.MAX_BATCH_ITEMS);
        Enumerations.Batch batch = shared.enumerations().next(ctx.owner(), ctx.header().resourceUri(),
                r.enumerationContext(), max);
        String next = batch.end() ? null : r.enumerationContext();
        if (batch.shellId() != null) {
            return CompletableFuture.completedFuture(new PullResponse(next, List.of(), batch.end(),
                    shared.describeCommands(ctx, batch.shellId(), batch.ids())));
        }
        return CompletableFuture.completedFuture(new PullResponse(next, shared.describe(ctx, batch.ids()),
                batch.end()));
    }
}
