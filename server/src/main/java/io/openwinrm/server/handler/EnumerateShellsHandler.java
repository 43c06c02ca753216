package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandInfo;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.EnumerationFilter;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.SelectorSet;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellNotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Enumerate of the caller's shells, or of the commands of one of them ([MS-WSMV] 3.1.4.8, 3.1.4.8.2; WS-Enumeration
 * 3.1; DSP0226 8.2), never another user's. On the generic shell resource every shell of the caller is listed; on an
 * endpoint's URI only the shells of that endpoint (the others are not reachable through it).
 *
 * <p>With {@code w:OptimizeEnumeration} (what {@code Get-PSSession -ComputerName} sends) the response carries up to
 * {@code w:MaxElements} items (1 when absent, DSP0226 8.2.3; at most {@link #MAX_BATCH_ITEMS}); when that is all
 * of them, with an empty context and {@code w:EndOfSequence}, the shape Windows answers with, else with a context
 * for Pull. Without it the response is a context alone and every item comes by Pull ({@link PullShellsHandler}).
 * The context holds the ids found now; a Pull describes those still there as they are then.
 *
 * <p>The commands of one shell (3.1.4.8.2: "a selector set with a selector containing the ShellID") are enumerated
 * when the request names the shell with a ShellId selector in its header, or, on the generic shell resource, with a
 * {@code w:Filter} of the selector dialect holding only a ShellId selector (how pypsrp asks Windows, also on
 * {@link ResourceUris#SHELL_COMMAND}). Items are {@code rsp:Command} elements; a PowerShell shell's are its
 * pipelines. A shell that is not the caller's is an unknown shell (w:InvalidSelectors).
 *
 * <p>Nothing else filters: on the cmd shell URI (and every endpoint's) any {@code n:Filter} or {@code w:Filter} of a
 * known dialect is {@code n:FilteringNotSupported}, as 3.1.4.8.2 requires; on the generic resource so is every
 * filter but the ShellId selector filter; a dialect nothing here knows is {@code n:FilterDialectRequestedUnavailable}.
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
        String uri = ctx.header().resourceUri();
        boolean generic = ShellHandlers.generic(uri);
        Optional<String> filteredShell = r.filter().map(f -> shellOf(f, generic));
        Optional<String> shellId = filteredShell.or(() -> ctx.header().shellId());
        int max = r.optimize() ? Math.min(r.maxElements().orElse(1), MAX_BATCH_ITEMS) : 0;
        if (shellId.isPresent()) {
            return CompletableFuture.completedFuture(commands(ctx, r.optimize(), max, shellId.get()));
        }
        List<String> ids = shared.shells().list(ctx.owner()).stream()
                .filter(shell -> ShellHandlers.reachable(shell, uri))
                .map(Shell::id)
                .toList();
        if (!r.optimize()) {
            return CompletableFuture.completedFuture(
                    new EnumerateResponse(shared.enumerations().open(ctx.owner(), uri, null, ids), List.of(), false));
        }
        if (ids.size() <= max) {
            return CompletableFuture.completedFuture(new EnumerateResponse(null, shared.describe(ctx, ids), true));
        }
        String context = shared.enumerations().open(ctx.owner(), uri, null, ids.subList(max, ids.size()));
        return CompletableFuture.completedFuture(
                new EnumerateResponse(context, shared.describe(ctx, ids.subList(0, max)), false));
    }

    private EnumerateResponse commands(RequestContext ctx, boolean optimize, int max, String shellId) {
        Shell shell = shared.shells().peek(ctx.owner(), shellId)
                .filter(s -> ShellHandlers.reachable(s, ctx.header().resourceUri()))
                .orElseThrow(() -> new ShellNotFoundException(shellId));
        List<CommandInfo> all = ShellHandlers.commandInfos(shell);
        String uri = ctx.header().resourceUri();
        List<String> ids = all.stream().map(CommandInfo::commandId).toList();
        if (!optimize) {
            return new EnumerateResponse(shared.enumerations().open(ctx.owner(), uri, shell.id(), ids), List.of(),
                    false, List.of());
        }
        if (all.size() <= max) {
            return new EnumerateResponse(null, List.of(), true, all);
        }
        String context = shared.enumerations().open(ctx.owner(), uri, shell.id(), ids.subList(max, ids.size()));
        return new EnumerateResponse(context, List.of(), false, all.subList(0, max));
    }

    /** The shell a filter names, if it is the ShellId selector filter on the generic resource; else the fault. */
    private static String shellOf(EnumerationFilter filter, boolean generic) {
        if (generic && EnumerationFilter.SELECTOR_DIALECT.equals(filter.dialect())
                && filter.selectors().selectors().size() == 1) {
            Optional<String> id = filter.selectors().get(SelectorSet.SHELL_ID);
            if (id.isPresent()) {
                return id.get();
            }
        }
        throw refusal(filter);
    }

    private static WsmanFaultException refusal(EnumerationFilter filter) {
        String element = filter.wsman() ? "wsman:Filter" : "wsen:Filter";
        String dialect = filter.dialect() != null ? filter.dialect()
                : filter.wsman() ? null : EnumerationFilter.XPATH_DIALECT;
        if (dialect == null || KNOWN_DIALECTS.contains(dialect)) {
            return new WsmanFaultException(FaultKind.FILTERING_NOT_SUPPORTED, "The shell resource does not support "
                    + "filtering: remove the " + element + (dialect == null ? "" : " (dialect " + dialect + ")")
                    + " from the request and retry. Only the commands of one shell may be selected, with a ShellId "
                    + "selector filter on " + ResourceUris.SHELL + ". ");
        }
        return new WsmanFaultException(FaultKind.FILTER_DIALECT_UNAVAILABLE, "The filter dialect " + dialect
                + " of the " + element + " is not supported for the shell resource. ");
    }
}
