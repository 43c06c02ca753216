package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.EnumerationFilter;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Enumerate of the caller's shells ([MS-WSMV] 3.1.4.8, 3.1.4.8.2; WS-Enumeration 3.1; DSP0226 8.2), never another
 * user's. On the generic shell resource every shell of the caller is listed; on an endpoint's URI only the shells
 * of that endpoint (the others are not reachable through it).
 *
 * <p>With {@code w:OptimizeEnumeration} (what {@code Get-PSSession -ComputerName} sends) the response carries up to
 * {@code w:MaxElements} shells (1 when absent, DSP0226 8.2.3; at most {@link #MAX_BATCH_ITEMS}); when that is all
 * of them, with an empty context and {@code w:EndOfSequence}, the shape Windows answers with, else with a context
 * for Pull. Without it the response is a context alone and every item comes by Pull ({@link PullShellsHandler}).
 * The context holds the ShellIds found now; a Pull describes those still open as they are then.
 *
 * <p>A shell enumeration filters nothing: any {@code n:Filter} or {@code w:Filter} of a known dialect is answered
 * with {@code n:FilteringNotSupported}, as 3.1.4.8.2 requires for the cmd shell, and one of a dialect nothing here
 * knows with {@code n:FilterDialectRequestedUnavailable}.
 */
final class EnumerateShellsHandler implements ActionHandler {

    /** Windows' {@code winrm/config} MaxBatchItems default: the most items one response carries. */
    static final int MAX_BATCH_ITEMS = 32000;

    private static final Set<String> KNOWN_DIALECTS = Set.of(EnumerationFilter.SELECTOR_DIALECT,
            EnumerationFilter.WQL_DIALECT, EnumerationFilter.CQL_DIALECT, EnumerationFilter.XPATH_DIALECT);

    private final ShellHandlers shared;

    EnumerateShellsHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        EnumerateRequest r = ShellHandlers.expect(request, EnumerateRequest.class);
        r.filter().ifPresent(EnumerateShellsHandler::refuse);
        String uri = ctx.header().resourceUri();
        List<String> ids = shared.shells().list(ctx.owner()).stream()
                .filter(shell -> ShellHandlers.reachable(shell, uri))
                .map(Shell::id)
                .toList();
        if (!r.optimize()) {
            return CompletableFuture.completedFuture(
                    new EnumerateResponse(shared.enumerations().open(ctx.owner(), uri, ids), List.of(), false));
        }
        int max = Math.min(r.maxElements().orElse(1), MAX_BATCH_ITEMS);
        if (ids.size() <= max) {
            return CompletableFuture.completedFuture(new EnumerateResponse(null, shared.describe(ctx, ids), true));
        }
        String context = shared.enumerations().open(ctx.owner(), uri, ids.subList(max, ids.size()));
        return CompletableFuture.completedFuture(
                new EnumerateResponse(context, shared.describe(ctx, ids.subList(0, max)), false));
    }

    private static void refuse(EnumerationFilter filter) {
        String element = filter.wsman() ? "wsman:Filter" : "wsen:Filter";
        String dialect = filter.dialect() != null ? filter.dialect()
                : filter.wsman() ? null : EnumerationFilter.XPATH_DIALECT;
        if (dialect == null || KNOWN_DIALECTS.contains(dialect)) {
            throw new WsmanFaultException(FaultKind.FILTERING_NOT_SUPPORTED, "The shell resource does not support "
                    + "filtering: remove the " + element + (dialect == null ? "" : " (dialect " + dialect + ")")
                    + " from the request and retry. ");
        }
        throw new WsmanFaultException(FaultKind.FILTER_DIALECT_UNAVAILABLE, "The filter dialect " + dialect
                + " of the " + element + " is not supported for the shell resource, which supports no filter. ");
    }
}
