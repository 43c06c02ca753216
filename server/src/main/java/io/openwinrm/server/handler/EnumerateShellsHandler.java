package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Enumerate of the caller's shells ([MS-WSMV] 3.1.4.8; what {@code Get-PSSession -ComputerName} sends): one
 * optimized EnumerateResponse carrying every shell of the caller — never another user's — as {@code rsp:Shell} items,
 * with an empty context and {@code w:EndOfSequence}, the shape Windows answers with. On the generic shell resource
 * every shell of the caller is listed; on an endpoint's URI only the shells of that endpoint (the others are not
 * reachable through it). All items are returned even
 * without OptimizeEnumeration or beyond MaxElements (at most MaxShellsPerUser of them): there is no Pull.
 */
final class EnumerateShellsHandler implements ActionHandler {

    private final ShellHandlers shared;

    EnumerateShellsHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        ShellHandlers.expect(request, EnumerateRequest.class);
        List<ShellInfo> items = shared.shells().list(ctx.owner()).stream()
                .filter(shell -> ShellHandlers.reachable(shell, ctx.header().resourceUri()))
                .map(shell -> ShellInfos.of(shell, shared.shells().limits()))
                .toList();
        return CompletableFuture.completedFuture(new EnumerateResponse(null, items, true));
    }
}
