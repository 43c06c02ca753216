package io.openwinrm.server.psrp.restricted;

import io.openwinrm.policy.restrict.CommandPolicy;
import io.openwinrm.policy.restrict.CommandRule;
import io.openwinrm.policy.restrict.FlagRule;
import io.openwinrm.policy.restrict.PolicyRule;
import io.openwinrm.policy.restrict.PositionalRule;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The commands visible in one restricted runspace: the JEA default cmdlets ({@link Builtin#visible()}; functions,
 * as in JEA, where seven are proxy functions with narrowed parameters and Clear-Host is a function anyway) and the
 * programs the caller's merged roles allow, as Get-Command lists them: CommandInfo-like objects with the type
 * names, {@code Name}, {@code CommandType}, {@code Definition}, {@code Source} and {@code Visibility} PowerShell
 * serializes ([MS-PSRP] 2.2.5.2).
 */
final class CommandCatalog {

    private static final List<String> COMMAND_TYPES = List.of("System.Management.Automation.CommandTypes",
            "System.Enum", "System.ValueType", "System.Object");
    private static final List<String> VISIBILITY = List.of("System.Management.Automation.SessionStateEntryVisibility",
            "System.Enum", "System.ValueType", "System.Object");

    private final CommandPolicy policy;

    CommandCatalog(CommandPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** One visible command. */
    record Entry(String name, String commandType, int commandTypeValue, String definition, List<PolicyRule> rules) {
    }

    /** Every visible command: the built-ins, then the programs by file name (one entry per program). */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Builtin b : Builtin.values()) {
            if (b.visible()) {
                out.add(new Entry(b.commandName(), "Function", 2, b.syntax(), List.of()));
            }
        }
        Map<String, List<PolicyRule>> programs = new LinkedHashMap<>();
        for (PolicyRule rule : policy.rules()) {
            programs.computeIfAbsent(rule.command().programText(), p -> new ArrayList<>()).add(rule);
        }
        programs.forEach((program, rules) -> {
            Path file = Path.of(program).getFileName();
            out.add(new Entry(file == null ? program : file.toString(), "Application", 32, program, rules));
        });
        return out;
    }

    /** The CommandInfo-like object of an entry. */
    static PsObject toObject(Entry e) {
        boolean app = e.commandTypeValue() == 32;
        List<String> types = app ? List.of("System.Management.Automation.ApplicationInfo",
                "System.Management.Automation.CommandInfo", "System.Object")
                : List.of("System.Management.Automation.FunctionInfo", "System.Management.Automation.CommandInfo",
                        "System.Object");
        PsObject.Builder b = PsObject.builder().typeNames(types).toStringValue(e.name())
                .adapted("Name", new PsString(e.name()))
                .adapted("CommandType", PsObject.ofEnum(COMMAND_TYPES, e.commandType(), e.commandTypeValue()))
                .adapted("Definition", new PsString(e.definition()))
                .adapted("Source", new PsString(app ? e.definition() : ""))
                .adapted("Version", PsNull.INSTANCE)
                .adapted("Visibility", PsObject.ofEnum(VISIBILITY, "Public", 0))
                .adapted("ModuleName", new PsString(""))
                .adapted("HelpUri", new PsString(""))
                .adapted("ResolvedCommandName", new PsString(e.name()));
        if (app) {
            b.adapted("Path", new PsString(e.definition()));
        }
        return b.build();
    }

    /** Help text for an entry: its syntax and, for programs, what the roles allow. */
    static String help(Entry e) {
        StringBuilder sb = new StringBuilder("\nNAME\n    ").append(e.name()).append("\n\nSYNTAX\n");
        if (e.rules().isEmpty()) {
            sb.append("    ").append(e.definition()).append('\n');
            return sb.toString();
        }
        for (PolicyRule rule : e.rules()) {
            CommandRule c = rule.command();
            sb.append("    ").append(e.name());
            c.fixedArguments().forEach(f -> sb.append(' ').append(f));
            if (c.anyArguments()) {
                sb.append(" [<arguments>...]");
            }
            for (FlagRule f : c.flags()) {
                sb.append(" [").append(f.name()).append(f.takesValue() ? " <" + f.constraint().describe() + ">" : "")
                        .append(']');
            }
            for (PositionalRule p : c.positionals()) {
                String text = "<" + p.name() + ": " + p.constraint().describe() + ">";
                sb.append(' ').append(p.required() ? text : "[" + text + "]");
            }
            sb.append("\n        (").append(rule.label()).append(")\n");
        }
        sb.append("\nDESCRIPTION\n    Runs ").append(e.definition()).append(" directly, without a shell.\n");
        return sb.toString();
    }

    /** An empty value for a property an object does not have. */
    static PsValue missing() {
        return PsNull.INSTANCE;
    }
}
