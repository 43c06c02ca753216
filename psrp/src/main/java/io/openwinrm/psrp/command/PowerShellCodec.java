package io.openwinrm.psrp.command;

import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.ListKind;
import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsMembers;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Between {@link PowerShell} and the CLIXML object PowerShell writes for it ([MS-PSRP] 2.2.3.11 - 2.2.3.13),
 * member names as in {@code RemoteDataNameStrings}. Writing follows the Windows shape (member order, list type
 * names, all Merge* members); reading is lenient about order and absent optional members.
 */
public final class PowerShellCodec {
    /** Type names of the {@code Cmds}, {@code Args} and {@code ExtraCmds} lists. */
    public static final List<String> PSOBJECT_LIST = List.of("System.Collections.Generic.List`1[[System.Management"
            + ".Automation.PSObject, System.Management.Automation, Version=1.0.0.0, Culture=neutral, "
            + "PublicKeyToken=31bf3856ad364e35]]", "System.Object");

    private static final String CONTEXT = "CREATE_PIPELINE PowerShell";

    private PowerShellCodec() {
    }

    public static PsObject toPsObject(PowerShell ps) {
        PsObject.Builder b = PsObject.builder().extended("Cmds", commandList(ps.commands()))
                .extended("IsNested", new PsBool(ps.isNested()));
        if (!ps.extraCommands().isEmpty()) {
            List<PsValue> statements = new ArrayList<>();
            for (List<Command> statement : ps.extraCommands()) {
                statements.add(PsObject.builder().extended("Cmds", commandList(statement)).build());
            }
            b.extended("ExtraCmds", PsObject.ofList(PSOBJECT_LIST, ListKind.LIST, statements));
        }
        return b.extended("History", ps.history())
                .extended("RedirectShellErrorOutputPipe", new PsBool(ps.redirectShellErrorOutputPipe())).build();
    }

    /**
     * @throws io.openwinrm.psrp.PsrpException {@code INVALID_MESSAGE} if a required member is missing or mistyped
     */
    public static PowerShell fromPsObject(PsValue value) {
        PsMembers m = PsMembers.of(value, CONTEXT);
        List<Command> commands = commands(m.requireList("Cmds"));
        List<List<Command>> extra = new ArrayList<>();
        if (m.optional("ExtraCmds").isPresent()) {
            for (PsValue statement : m.requireList("ExtraCmds")) {
                extra.add(commands(PsMembers.of(statement, CONTEXT + " ExtraCmds").requireList("Cmds")));
            }
        }
        return new PowerShell(commands, extra, m.optionalBool("IsNested", false),
                m.optional("History").orElse(PsNull.INSTANCE), m.optionalBool("RedirectShellErrorOutputPipe", false));
    }

    private static PsObject commandList(List<Command> commands) {
        List<PsValue> items = new ArrayList<>();
        for (Command c : commands) {
            items.add(command(c));
        }
        return PsObject.ofList(PSOBJECT_LIST, ListKind.LIST, items);
    }

    private static PsObject command(Command c) {
        StreamMerges mg = c.merges();
        PsObject.Builder b = PsObject.builder().extended("Cmd", new PsString(c.text()))
                .extended("IsScript", new PsBool(c.isScript()))
                .extended("UseLocalScope", c.useLocalScope() == null ? PsNull.INSTANCE : new PsBool(c.useLocalScope()))
                .extended("MergeMyResult", merge(mg.myResult())).extended("MergeToResult", merge(mg.toResult()))
                .extended("MergePreviousResults", merge(mg.previousResults()));
        List<PsValue> args = new ArrayList<>();
        for (CommandParameter p : c.parameters()) {
            args.add(PsObject.builder().extended("N", p.name() == null ? PsNull.INSTANCE : new PsString(p.name()))
                    .extended("V", p.value()).build());
        }
        b.extended("Args", PsObject.ofList(PSOBJECT_LIST, ListKind.LIST, args));
        optionalMerge(b, "MergeError", mg.error());
        optionalMerge(b, "MergeWarning", mg.warning());
        optionalMerge(b, "MergeVerbose", mg.verbose());
        optionalMerge(b, "MergeDebug", mg.debug());
        optionalMerge(b, "MergeInformation", mg.information());
        return b.build();
    }

    private static void optionalMerge(PsObject.Builder b, String name, Integer value) {
        if (value != null) {
            b.extended(name, merge(value));
        }
    }

    private static PsObject merge(int flags) {
        return PsObject.ofEnum(PipelineResultTypes.TYPE_NAMES, PipelineResultTypes.name(flags), flags);
    }

    private static List<Command> commands(List<PsValue> items) {
        List<Command> out = new ArrayList<>();
        for (PsValue item : items) {
            out.add(command(PsMembers.of(item, CONTEXT + " command")));
        }
        return out;
    }

    private static Command command(PsMembers m) {
        String text = m.requireStringOrNull("Cmd");
        if (text == null) {
            text = "";
        }
        List<CommandParameter> params = new ArrayList<>();
        for (PsValue arg : m.optional("Args").isPresent() ? m.requireList("Args") : List.<PsValue>of()) {
            PsMembers a = PsMembers.of(arg, CONTEXT + " argument of " + PsrpException.excerpt(text));
            params.add(new CommandParameter(a.optionalString("N"), a.optional("V").orElse(PsNull.INSTANCE)));
        }
        Boolean localScope = m.optional("UseLocalScope").filter(v -> !(v instanceof PsNull)).isPresent()
                ? m.requireBool("UseLocalScope") : null;
        StreamMerges merges = new StreamMerges(m.optionalIntEnum("MergeMyResult", 0),
                m.optionalIntEnum("MergeToResult", 0), m.optionalIntEnum("MergePreviousResults", 0),
                optionalFlags(m, "MergeError"), optionalFlags(m, "MergeWarning"), optionalFlags(m, "MergeVerbose"),
                optionalFlags(m, "MergeDebug"), optionalFlags(m, "MergeInformation"));
        return new Command(text, m.optionalBool("IsScript", false), localScope, params, merges);
    }

    private static Integer optionalFlags(PsMembers m, String name) {
        return m.optional(name).filter(v -> !(v instanceof PsNull)).isPresent() ? m.requireIntEnum(name) : null;
    }
}
