package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.stream.ErrorCategory;
import java.util.List;

/**
 * Get-Help: for a visible command, its syntax and (programs) what the caller's roles allow; without a name, the
 * list of visible commands. One string object, as help text reaches a remote host.
 */
final class GetHelpStage implements Stage {

    private final BoundParameters p;
    private final CommandCatalog catalog;
    private final PipelineHost host;

    GetHelpStage(BoundParameters p, CommandCatalog catalog, PipelineHost host) {
        this.p = p;
        this.catalog = catalog;
        this.host = host;
    }

    @Override
    public void end(Sink next) throws InterruptedException {
        List<CommandCatalog.Entry> entries = catalog.entries();
        if (p.one("Name").isEmpty()) {
            StringBuilder sb = new StringBuilder("\nThis is a restricted session: only these commands are available."
                    + " Arguments are literal values; variables, script blocks and expressions are not allowed.\n\n");
            entries.forEach(e -> sb.append("    ").append(e.name()).append('\n'));
            next.accept(new PsString(sb.toString()));
            return;
        }
        Wildcard w = new Wildcard(p.one("Name").get());
        boolean found = false;
        for (CommandCatalog.Entry e : entries) {
            if (w.matches(e.name())) {
                found = true;
                next.accept(new PsString(CommandCatalog.help(e)));
            }
        }
        if (!found) {
            host.error(ErrorRecords.cmdlet("Get-Help", "HelpNotFound", ErrorCategory.RESOURCE_UNAVAILABLE,
                    "Get-Help could not find " + p.one("Name").get() + " in a help file in this session.",
                    new PsString(p.one("Name").get())));
        }
    }
}
