package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsDictionary;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsPrimitive;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.message.HostMethod;
import java.util.List;

/**
 * Out-Default, which Enter-PSSession appends to every line (psrp.md §6): with a host user interface, each object is
 * written to the client's host as a line ({@code WriteLine2}, [MS-PSRP] 2.2.3.17), formatted on the server as
 * PowerShell does; without one (pypsrp, Invoke-Command) objects pass through unchanged.
 */
final class OutDefaultStage implements Stage {

    private final PipelineHost host;

    OutDefaultStage(PipelineHost host) {
        this.host = host;
    }

    @Override
    public void process(PsValue input, Sink next) throws InterruptedException {
        if (!host.hasHostUi()) {
            next.accept(input);
            return;
        }
        host.hostCall(HostMethod.WRITE_LINE_2, List.of(new PsString(display(input))));
    }

    /** The text PowerShell's default formatting gives for the objects this engine produces (simplified). */
    static String display(PsValue v) {
        if (v instanceof PsNull) {
            return "";
        }
        if (v instanceof PsBool b) {
            return b.value() ? "True" : "False";
        }
        if (v instanceof PsPrimitive p) {
            return p.text();
        }
        PsObject o = (PsObject) v;
        if (o.container() instanceof PsDictionary d) {
            StringBuilder sb = new StringBuilder();
            for (var e : d.entries()) {
                sb.append(String.format("%-26s %s%n", display(e.key()), display(e.value())));
            }
            return sb.toString().stripTrailing();
        }
        if (!o.listItems().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (PsValue item : o.listItems()) {
                sb.append(sb.length() == 0 ? "" : "\n").append(display(item));
            }
            return sb.toString();
        }
        if (o.isA("System.Management.Automation.CommandInfo")) {
            return String.format("%-12s %-30s %s", display(o.property("CommandType").orElse(PsNull.INSTANCE)),
                    display(o.property("Name").orElse(PsNull.INSTANCE)),
                    display(o.property("Source").orElse(PsNull.INSTANCE))).stripTrailing();
        }
        if (!o.extendedProperties().isEmpty() || !o.adaptedProperties().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (var prop : o.adaptedProperties().isEmpty() ? o.extendedProperties() : o.adaptedProperties()) {
                sb.append(sb.length() == 0 ? "" : "\n").append(String.format("%-20s : %s", prop.name(),
                        display(prop.value())));
            }
            return sb.toString();
        }
        return o.toStringValue() != null ? o.toStringValue() : "";
    }
}
