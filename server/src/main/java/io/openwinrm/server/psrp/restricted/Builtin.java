package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.message.HostMethod;
import io.openwinrm.psrp.stream.ErrorCategory;
import java.util.List;
import java.util.Optional;

/**
 * The commands a JEA {@code RestrictedRemoteServer} runspace keeps visible (psrp.md §6: Clear-Host,
 * Exit-PSSession, Get-Command, Get-FormatData, Get-Help, Measure-Object, Out-Default, Select-Object), plus the
 * private {@code prompt} function Enter-PSSession calls and a private {@code TabExpansion2}, each with the subset of
 * its parameters this engine implements (and the common parameters, {@link ParameterBinder}).
 */
enum Builtin {
    CLEAR_HOST("Clear-Host", List.of()),
    EXIT_PSSESSION("Exit-PSSession", List.of()),
    GET_COMMAND("Get-Command", List.of(
            ParamSpec.positional("Name", ParamSpec.Kind.VALUES, 0),
            ParamSpec.named("CommandType", ParamSpec.Kind.VALUES, "Type"),
            ParamSpec.named("TotalCount", ParamSpec.Kind.INT),
            ParamSpec.named("Syntax", ParamSpec.Kind.SWITCH),
            ParamSpec.named("ListImported", ParamSpec.Kind.SWITCH),
            ParamSpec.named("All", ParamSpec.Kind.SWITCH),
            ParamSpec.named("Module", ParamSpec.Kind.VALUES))),
    GET_FORMAT_DATA("Get-FormatData", List.of(
            ParamSpec.positional("TypeName", ParamSpec.Kind.VALUES, 0),
            ParamSpec.named("PowerShellVersion", ParamSpec.Kind.VALUE))),
    GET_HELP("Get-Help", List.of(
            ParamSpec.positional("Name", ParamSpec.Kind.VALUE, 0),
            ParamSpec.named("Full", ParamSpec.Kind.SWITCH),
            ParamSpec.named("Detailed", ParamSpec.Kind.SWITCH),
            ParamSpec.named("Examples", ParamSpec.Kind.SWITCH),
            ParamSpec.named("Category", ParamSpec.Kind.VALUES))),
    MEASURE_OBJECT("Measure-Object", List.of(
            ParamSpec.named("Sum", ParamSpec.Kind.SWITCH),
            ParamSpec.named("Average", ParamSpec.Kind.SWITCH),
            ParamSpec.named("Maximum", ParamSpec.Kind.SWITCH),
            ParamSpec.named("Minimum", ParamSpec.Kind.SWITCH),
            ParamSpec.named("Line", ParamSpec.Kind.SWITCH),
            ParamSpec.named("Word", ParamSpec.Kind.SWITCH),
            ParamSpec.named("Character", ParamSpec.Kind.SWITCH),
            ParamSpec.named("IgnoreWhiteSpace", ParamSpec.Kind.SWITCH))),
    OUT_DEFAULT("Out-Default", List.of(ParamSpec.named("Transcript", ParamSpec.Kind.SWITCH))),
    SELECT_OBJECT("Select-Object", List.of(
            ParamSpec.positional("Property", ParamSpec.Kind.VALUES, 0),
            ParamSpec.named("ExpandProperty", ParamSpec.Kind.VALUE),
            ParamSpec.named("First", ParamSpec.Kind.INT),
            ParamSpec.named("Last", ParamSpec.Kind.INT),
            ParamSpec.named("Skip", ParamSpec.Kind.INT),
            ParamSpec.named("Index", ParamSpec.Kind.VALUES),
            ParamSpec.named("Unique", ParamSpec.Kind.SWITCH))),
    /** Private: not listed by Get-Command, as in JEA; Enter-PSSession runs it after every line. */
    PROMPT("prompt", List.of()),
    /** Private too: what a Tab in Enter-PSSession or {@code openwinrm enter} asks ({@link TabExpansionStage}). */
    TAB_EXPANSION2("TabExpansion2", List.of(
            ParamSpec.positional("inputScript", ParamSpec.Kind.VALUE, 0),
            ParamSpec.positional("cursorColumn", ParamSpec.Kind.INT, 1)));

    /** Most values of {@code -Name}. */
    static final int MAX_NAMES = 1000;

    /** What {@code prompt} returns; Enter-PSSession shows it after {@code [computer]: }, as in a JEA session. */
    static final String PROMPT_TEXT = "PS>";

    private final String commandName;
    private final List<ParamSpec> parameters;

    Builtin(String commandName, List<ParamSpec> parameters) {
        this.commandName = commandName;
        this.parameters = parameters;
    }

    String commandName() {
        return commandName;
    }

    List<ParamSpec> parameters() {
        return parameters;
    }

    /** Whether Get-Command lists it. */
    boolean visible() {
        return this != PROMPT && this != TAB_EXPANSION2;
    }

    /** Whether it reads pipeline input (the others ignore it and produce their own). */
    boolean filter() {
        return this == MEASURE_OBJECT || this == OUT_DEFAULT || this == SELECT_OBJECT;
    }

    /** A one-line syntax, as Get-Command's Definition. */
    String syntax() {
        StringBuilder sb = new StringBuilder(commandName);
        for (ParamSpec p : parameters) {
            String value = switch (p.kind()) {
                case SWITCH -> "";
                case VALUE -> " <string>";
                case VALUES -> " <string[]>";
                case INT -> " <int>";
            };
            String param = p.position() >= 0 ? "[-" + p.name() + "]" + value : "-" + p.name() + value;
            sb.append(" [").append(param).append(']');
        }
        return sb.append(" [<CommonParameters>]").toString();
    }

    /** The built-in with this name, ignoring case (command names in PowerShell are). */
    static Optional<Builtin> named(String name) {
        for (Builtin b : values()) {
            if (b.commandName.equalsIgnoreCase(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** A stage running this command with bound parameters. */
    Stage create(BoundParameters p, CommandCatalog catalog, PipelineHost host)
            throws ParameterBinder.BindingException {
        return switch (this) {
            case CLEAR_HOST, GET_FORMAT_DATA -> new Stage() {
            };
            case EXIT_PSSESSION -> new Stage() {
                @Override
                public void end(Sink next) throws InterruptedException {
                    if (host.hasHost()) {
                        host.hostCall(HostMethod.POP_RUNSPACE, List.of());
                    } else {
                        host.error(ErrorRecords.cmdlet(commandName, "HostDoesNotSupportPushRunspace",
                                ErrorCategory.INVALID_OPERATION, "The host does not support interactive sessions: "
                                        + "Exit-PSSession ends Enter-PSSession sessions only.", new PsString("")));
                    }
                }
            };
            case PROMPT -> new Stage() {
                @Override
                public void end(Sink next) throws InterruptedException {
                    next.accept(new PsString(PROMPT_TEXT));
                }
            };
            case GET_COMMAND -> new GetCommandStage(checkNames(p), catalog, host);
            case GET_HELP -> new GetHelpStage(checkNames(p), catalog, host);
            case MEASURE_OBJECT -> new MeasureObjectStage(p);
            case OUT_DEFAULT -> new OutDefaultStage(host);
            case SELECT_OBJECT -> new SelectObjectStage(p);
            case TAB_EXPANSION2 -> new TabExpansionStage(p, catalog);
        };
    }

    /**
     * JEA's proxies take at most {@value #MAX_NAMES} names (psrp.md §6); each must be a wildcard pattern of
     * bounded length.
     */
    private BoundParameters checkNames(BoundParameters p) throws ParameterBinder.BindingException {
        List<String> names = p.list("Name");
        if (names.size() > MAX_NAMES || names.stream().anyMatch(n -> n.length() > Wildcard.MAX_LENGTH)) {
            throw new ParameterBinder.BindingException(ErrorRecords.parameterBinding(commandName,
                    "ParameterArgumentValidationError", "Cannot validate argument on parameter 'Name'. At most "
                            + MAX_NAMES + " names of at most " + Wildcard.MAX_LENGTH + " characters are accepted."));
        }
        return p;
    }
}
