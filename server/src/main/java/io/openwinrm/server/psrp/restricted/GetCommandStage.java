package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.List;
import java.util.Locale;

/**
 * Get-Command in a restricted runspace: exactly the visible commands ({@link CommandCatalog}), filtered by
 * {@code -Name} (wildcards) and {@code -CommandType}, cut by {@code -TotalCount}; {@code -Syntax} gives the syntax
 * strings instead of objects. A literal name that is not visible is a CommandNotFoundException, as in PowerShell.
 */
final class GetCommandStage implements Stage {

    private final BoundParameters p;
    private final CommandCatalog catalog;
    private final PipelineHost host;

    GetCommandStage(BoundParameters p, CommandCatalog catalog, PipelineHost host) {
        this.p = p;
        this.catalog = catalog;
        this.host = host;
    }

    @Override
    public void end(Sink next) throws InterruptedException {
        List<CommandCatalog.Entry> entries = catalog.entries();
        List<String> types = p.list("CommandType").stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        int limit = p.integer("TotalCount").orElse(Integer.MAX_VALUE);
        int emitted = 0;
        List<String> names = p.list("Name").isEmpty() ? List.of("*") : p.list("Name");
        for (String name : names) {
            Wildcard w = new Wildcard(name);
            boolean found = false;
            for (CommandCatalog.Entry e : entries) {
                if (!w.matches(e.name()) || !types.isEmpty() && !types.contains("all")
                        && !types.contains(e.commandType().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                found = true;
                if (emitted++ >= limit || host.stopping()) {
                    return;
                }
                next.accept(p.isSet("Syntax") ? new PsString(e.definition()) : CommandCatalog.toObject(e));
            }
            if (!found && w.isLiteral()) {
                ErrorRecord notFound = ErrorRecords.commandNotFound(name, "Check the spelling of the name, or if a "
                        + "path was included, verify that the path is correct and try again.");
                host.error(new ErrorRecord(notFound.message(), notFound.exceptionTypeNames(),
                        "CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand",
                        notFound.category(), "Get-Command", notFound.reason(), name, "String", new PsString(name)));
            }
        }
    }
}
