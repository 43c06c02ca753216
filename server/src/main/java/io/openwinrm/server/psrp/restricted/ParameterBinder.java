package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.ListKind;
import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsList;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsPrimitive;
import io.openwinrm.psrp.clixml.PsScriptBlock;
import io.openwinrm.psrp.clixml.PsSecureString;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds arguments to a built-in cmdlet's {@link ParamSpec}s as PowerShell does for the subset used here: names
 * ignoring case, by alias or by unambiguous prefix; positional arguments in order of position; the common
 * parameters (-Verbose, -ErrorAction ...) accepted and ignored. Only literal values bind: strings, numbers, booleans
 * and lists of them; a script block or secure string is refused. Failures carry PowerShell's error ids
 * ({@code NamedParameterNotFound}, {@code AmbiguousParameter}, {@code PositionalParameterNotFound},
 * {@code ParameterArgumentTransformationError}, {@code MissingArgument}).
 */
final class ParameterBinder {

    /** The common parameters ([about_CommonParameters]) with their aliases; values are ignored. */
    private static final List<ParamSpec> COMMON = List.of(
            ParamSpec.named("Verbose", ParamSpec.Kind.SWITCH, "vb"),
            ParamSpec.named("Debug", ParamSpec.Kind.SWITCH, "db"),
            ParamSpec.named("ErrorAction", ParamSpec.Kind.VALUE, "ea"),
            ParamSpec.named("WarningAction", ParamSpec.Kind.VALUE, "wa"),
            ParamSpec.named("InformationAction", ParamSpec.Kind.VALUE, "infa"),
            ParamSpec.named("ProgressAction", ParamSpec.Kind.VALUE, "proga"),
            ParamSpec.named("ErrorVariable", ParamSpec.Kind.VALUE, "ev"),
            ParamSpec.named("WarningVariable", ParamSpec.Kind.VALUE, "wv"),
            ParamSpec.named("InformationVariable", ParamSpec.Kind.VALUE, "iv"),
            ParamSpec.named("OutVariable", ParamSpec.Kind.VALUE, "ov"),
            ParamSpec.named("OutBuffer", ParamSpec.Kind.INT, "ob"),
            ParamSpec.named("PipelineVariable", ParamSpec.Kind.VALUE, "pv"));

    /** A binding failure, with the error record to report. */
    static final class BindingException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ErrorRecord record;

        BindingException(ErrorRecord record) {
            super(record.message());
            this.record = record;
        }

        ErrorRecord record() {
            return record;
        }
    }

    private ParameterBinder() {
    }

    /**
     * Script arguments to protocol parameters, using the cmdlet's specs to tell a switch ({@code -Unique}) from a
     * parameter that takes the next element as its value ({@code -First 3}).
     */
    static List<CommandParameter> fromScript(String command, List<ParamSpec> specs,
            List<ScriptCommand.Argument> arguments) throws BindingException {
        List<CommandParameter> out = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            ScriptCommand.Argument a = arguments.get(i);
            if (a.parameter() == null) {
                out.add(CommandParameter.positional(literal(a.values())));
                continue;
            }
            if (a.hasColonValue()) {
                out.add(CommandParameter.named(a.parameter(), literal(a.values())));
                continue;
            }
            ParamSpec spec = find(command, specs, a.parameter());
            if (spec.kind() == ParamSpec.Kind.SWITCH) {
                out.add(CommandParameter.named(a.parameter(), new PsBool(true)));
            } else if (i + 1 < arguments.size() && arguments.get(i + 1).parameter() == null) {
                out.add(CommandParameter.named(a.parameter(), literal(arguments.get(++i).values())));
            } else {
                throw failure(command, "MissingArgument", "Missing an argument for parameter '" + spec.name()
                        + "'. Specify a parameter of type '" + typeName(spec) + "' and try again.");
            }
        }
        return out;
    }

    /** Binds protocol parameters ({@code Args} of CREATE_PIPELINE, or converted script arguments). */
    static BoundParameters bind(String command, List<ParamSpec> specs, List<CommandParameter> parameters)
            throws BindingException {
        Map<String, List<String>> bound = new LinkedHashMap<>();
        List<ParamSpec> positionals = specs.stream().filter(s -> s.position() >= 0)
                .sorted((a, b) -> Integer.compare(a.position(), b.position())).toList();
        int nextPositional = 0;
        for (CommandParameter p : parameters) {
            ParamSpec spec;
            if (p.isPositional()) {
                while (nextPositional < positionals.size()
                        && bound.containsKey(positionals.get(nextPositional).name())) {
                    nextPositional++;
                }
                if (nextPositional >= positionals.size()) {
                    throw failure(command, "PositionalParameterNotFound", "A positional parameter cannot be found "
                            + "that accepts argument '" + excerpt(display(p.value())) + "'.");
                }
                spec = positionals.get(nextPositional++);
            } else {
                spec = find(command, specs, p.name());
            }
            if (bound.containsKey(spec.name())) {
                throw failure(command, "ParameterAlreadyBound", "Cannot bind parameter because parameter '"
                        + spec.name() + "' is specified more than once.");
            }
            bound.put(spec.name(), values(command, spec, p.value()));
        }
        bound.keySet().removeIf(name -> COMMON.stream().anyMatch(c -> c.name().equals(name)));
        return new BoundParameters(bound);
    }

    private static ParamSpec find(String command, List<ParamSpec> specs, String given) throws BindingException {
        String name = given.startsWith("-") ? given.substring(1) : given;
        List<ParamSpec> all = new ArrayList<>(specs);
        all.addAll(COMMON);
        for (ParamSpec s : all) {
            if (s.isNamed(name)) {
                return s;
            }
        }
        List<ParamSpec> prefixed = name.isEmpty() ? List.of() : all.stream().filter(s -> s.hasPrefix(name)).toList();
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1) {
            throw failure(command, "AmbiguousParameter", "Parameter cannot be processed because the parameter name '"
                    + excerpt(name) + "' is ambiguous. Possible matches include: "
                    + String.join(" ", prefixed.stream().map(s -> "-" + s.name()).toList()) + ".");
        }
        throw failure(command, "NamedParameterNotFound", "A parameter cannot be found that matches parameter name '"
                + excerpt(name) + "'.");
    }

    private static List<String> values(String command, ParamSpec spec, PsValue value) throws BindingException {
        if (spec.kind() == ParamSpec.Kind.SWITCH) {
            if (value instanceof PsNull) {
                return List.of("True");
            }
            if (value instanceof PsBool b) {
                return List.of(b.value() ? "True" : "False");
            }
            throw transformation(command, spec, value);
        }
        List<String> texts = texts(command, spec, value);
        if (texts.isEmpty()) {
            throw failure(command, "ParameterArgumentValidationErrorNullNotAllowed", "Cannot validate argument on "
                    + "parameter '" + spec.name() + "'. The argument is null or empty.");
        }
        if (spec.kind() != ParamSpec.Kind.VALUES && texts.size() > 1) {
            throw transformation(command, spec, value);
        }
        if (spec.kind() == ParamSpec.Kind.INT) {
            try {
                Integer.parseInt(texts.get(0).strip());
            } catch (NumberFormatException e) {
                throw transformation(command, spec, value);
            }
        }
        return texts;
    }

    /** The literal texts of a value: a primitive's text, each item of a list of primitives. */
    private static List<String> texts(String command, ParamSpec spec, PsValue value) throws BindingException {
        if (value instanceof PsNull) {
            return List.of();
        }
        if (value instanceof PsScriptBlock || value instanceof PsSecureString) {
            throw transformation(command, spec, value);
        }
        if (value instanceof PsBool b) {
            return List.of(b.value() ? "True" : "False");
        }
        if (value instanceof PsPrimitive p) {
            return List.of(p.text());
        }
        PsObject o = (PsObject) value;
        if (o.container() instanceof PsList) {
            List<String> out = new ArrayList<>();
            for (PsValue item : o.listItems()) {
                if (!(item instanceof PsPrimitive) || item instanceof PsScriptBlock || item instanceof PsSecureString) {
                    throw transformation(command, spec, value);
                }
                out.add(item instanceof PsBool b ? (b.value() ? "True" : "False") : ((PsPrimitive) item).text());
            }
            return out;
        }
        if (o.baseValue() != null && !(o.baseValue() instanceof PsScriptBlock)) {
            return List.of(o.toStringValue() != null ? o.toStringValue() : o.baseValue().text());
        }
        throw transformation(command, spec, value);
    }

    /** A script literal: one string, or a list of strings for {@code a,b}. */
    static PsValue literal(List<String> values) {
        if (values.size() == 1) {
            return new PsString(values.get(0));
        }
        return PsObject.ofList(List.of("System.Object[]", "System.Array", "System.Object"),
                ListKind.LIST, values.stream().map(v -> (PsValue) new PsString(v)).toList());
    }

    private static BindingException transformation(String command, ParamSpec spec, PsValue value) {
        return failure(command, "ParameterArgumentTransformationError", "Cannot process argument transformation on "
                + "parameter '" + spec.name() + "'. Cannot convert value '" + excerpt(display(value)) + "' to type '"
                + typeName(spec) + "'.");
    }

    private static String typeName(ParamSpec spec) {
        return switch (spec.kind()) {
            case SWITCH -> "System.Management.Automation.SwitchParameter";
            case VALUE -> "System.String";
            case VALUES -> "System.String[]";
            case INT -> "System.Int32";
        };
    }

    private static String display(PsValue v) {
        if (v instanceof PsPrimitive p) {
            return p.text();
        }
        if (v instanceof PsObject o && o.toStringValue() != null) {
            return o.toStringValue();
        }
        return v instanceof PsNull ? "" : "System.Object";
    }

    private static String excerpt(String s) {
        return PsrpException.excerpt(s);
    }

    private static BindingException failure(String command, String errorId, String message) {
        return new BindingException(ErrorRecords.parameterBinding(command, errorId, message));
    }
}
