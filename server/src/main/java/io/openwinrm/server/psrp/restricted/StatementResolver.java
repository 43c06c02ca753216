package io.openwinrm.server.psrp.restricted;

import io.openwinrm.policy.restrict.CommandPolicy;
import io.openwinrm.policy.restrict.Decision;
import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.IntegerType;
import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsList;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsPrimitive;
import io.openwinrm.psrp.clixml.PsScriptBlock;
import io.openwinrm.psrp.clixml.PsSecureString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.message.HostMethod;
import io.openwinrm.psrp.stream.ErrorCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parse, then act: turns one statement of CREATE_PIPELINE ([MS-PSRP] 2.2.3.11 - 2.2.3.13) into elements ready to
 * run, or refuses it as a whole before anything starts. Commands by name ({@code IsScript=false}) are looked up
 * among the built-ins, then checked with the caller's {@link CommandPolicy} exactly as the WinRS restricted
 * endpoint checks a command line ({@link CommandPolicy#decide(List)}); script text ({@code IsScript=true}) must pass
 * {@link NoLanguageParser} first, unless it is one of the whole-script forms {@code $PSVersionTable},
 * {@code $LASTEXITCODE} and {@code exit [n]}. A program may only be the first command of its statement.
 */
final class StatementResolver {

    private static final Pattern EXIT = Pattern.compile("(?i)exit(?:\\s+(-?\\d{1,9}))?");
    private static final String NATIVE_POSITION_RULE = "NativeCommandNotFirst";

    private final CommandPolicy policy;
    private final CommandCatalog catalog;
    private final PipelineHost host;
    private final IntSupplier lastExitCode;

    StatementResolver(CommandPolicy policy, CommandCatalog catalog, PipelineHost host, IntSupplier lastExitCode) {
        this.policy = policy;
        this.catalog = catalog;
        this.host = host;
        this.lastExitCode = lastExitCode;
    }

    List<StatementElement> resolve(List<Command> statement) throws CommandRefusal {
        List<StatementElement> out = new ArrayList<>();
        for (Command c : statement) {
            if (Boolean.FALSE.equals(c.useLocalScope())) {
                throw language(NoLanguageRule.DOT_SOURCE, "UseLocalScope=false asks to dot-source '"
                        + PsrpException.excerpt(c.text()) + "'", List.of(c.text()));
            }
            if (c.isScript()) {
                script(c, out);
            } else {
                out.add(command(c.text(), c.parameters(), null, out.isEmpty()));
            }
        }
        if (out.isEmpty()) {
            throw language(NoLanguageRule.SYNTAX, "the statement has no command", List.of());
        }
        return out;
    }

    private void script(Command c, List<StatementElement> out) throws CommandRefusal {
        String text = c.text().strip();
        if (!c.parameters().isEmpty()) {
            throw language(NoLanguageRule.VARIABLE, "arguments for script text ($args, $using:) are not supported",
                    List.of(text));
        }
        Optional<Stage> special = special(text);
        if (special.isPresent()) {
            if (!out.isEmpty()) {
                throw language(NoLanguageRule.EXPRESSION, "'" + PsrpException.excerpt(text)
                        + "' must be the first command", List.of(text));
            }
            out.add(new StatementElement.Builtin(special.get(), List.of(text)));
            return;
        }
        List<ScriptCommand> commands;
        try {
            commands = NoLanguageParser.parse(c.text());
        } catch (LanguageViolation v) {
            throw language(v.rule(), v.detail(), List.of(c.text()));
        }
        for (ScriptCommand sc : commands) {
            out.add(command(sc.name(), null, sc.arguments(), out.isEmpty()));
        }
    }

    /** {@code $PSVersionTable}, {@code $LASTEXITCODE} or {@code exit [n]} as the whole script. */
    private Optional<Stage> special(String text) {
        String t = text.endsWith(";") ? text.substring(0, text.length() - 1).strip() : text;
        if (t.equalsIgnoreCase("$PSVersionTable")) {
            return Optional.of(new Stage() {
                @Override
                public void end(Sink next) throws InterruptedException {
                    next.accept(VersionTable.asOutput());
                }
            });
        }
        if (t.equalsIgnoreCase("$LASTEXITCODE")) {
            return Optional.of(new Stage() {
                @Override
                public void end(Sink next) throws InterruptedException {
                    next.accept(new PsInteger(IntegerType.INT32, lastExitCode.getAsInt()));
                }
            });
        }
        Matcher exit = EXIT.matcher(t);
        if (exit.matches()) {
            int code = exit.group(1) == null ? 0 : Integer.parseInt(exit.group(1));
            return Optional.of(new Stage() {
                @Override
                public void end(Sink next) throws InterruptedException {
                    if (host.hasHost()) {
                        host.hostCall(HostMethod.SET_SHOULD_EXIT, List.of(new PsInteger(IntegerType.INT32, code)));
                    }
                }
            });
        }
        return Optional.empty();
    }

    /** One command by name, with API parameters or script arguments (exactly one of them non-null). */
    private StatementElement command(String name, List<CommandParameter> parameters,
            List<ScriptCommand.Argument> arguments, boolean first) throws CommandRefusal {
        Optional<DebuggerCommand> debugger = parameters != null ? DebuggerCommand.named(name) : Optional.empty();
        if (debugger.isPresent()) {
            return new StatementElement.Builtin(debugger.get().stage(host), List.of(debugger.get().commandName()));
        }
        Optional<Builtin> builtin = Builtin.named(name);
        if (builtin.isPresent()) {
            Builtin b = builtin.get();
            List<String> argv = new ArrayList<>(List.of(b.commandName()));
            try {
                List<CommandParameter> params = parameters != null ? parameters
                        : ParameterBinder.fromScript(b.commandName(), b.parameters(), arguments);
                params.forEach(p -> argv.addAll(auditTexts(p)));
                Stage stage = b.create(ParameterBinder.bind(b.commandName(), b.parameters(), params), catalog, host);
                return new StatementElement.Builtin(stage, argv);
            } catch (ParameterBinder.BindingException e) {
                throw new CommandRefusal(e.record(), argv, e.record().fullyQualifiedErrorId(), e.getMessage());
            }
        }
        List<String> argv = new ArrayList<>(List.of(name));
        if (arguments != null) {
            for (ScriptCommand.Argument a : arguments) {
                if (a.parameter() != null) {
                    argv.add(a.text());
                } else {
                    argv.addAll(a.values());
                }
            }
        } else {
            for (CommandParameter p : parameters) {
                argv.addAll(nativeTexts(name, p, argv));
            }
        }
        if (!first) {
            throw new CommandRefusal(ErrorRecords.cmdlet(name, NATIVE_POSITION_RULE, ErrorCategory.INVALID_OPERATION,
                    "The program '" + PsrpException.excerpt(name) + "' cannot take pipeline input from another command"
                            + " in this runspace: a program must be the first command of its pipeline.",
                    PsNull.INSTANCE),
                    argv, NATIVE_POSITION_RULE, "a program after '|'");
        }
        Decision decision = policy.decide(argv);
        if (decision instanceof Decision.Refused refused) {
            if (refused.rule().equals(CommandPolicy.PROGRAM_RULE)) {
                throw new CommandRefusal(ErrorRecords.commandNotFound(name, "It is not among the commands this "
                        + "session's roles allow (" + refused.reason() + ")."), argv, refused.rule(), refused.reason());
            }
            throw new CommandRefusal(ErrorRecords.argumentRefused(name, refused.rule(), refused.reason()), argv,
                    refused.rule(), refused.reason());
        }
        return new StatementElement.Native((Decision.Allowed) decision);
    }

    /**
     * The argv words of an API parameter for a program: {@code -Name} (without a second dash if the client gave
     * one) then the value's texts; a switch ({@code Nil} or {@code $true}) is the name alone, {@code $false} drops
     * it. Lists are spread into separate words, as PowerShell passes arrays to native commands.
     */
    private static List<String> nativeTexts(String command, CommandParameter p, List<String> argv)
            throws CommandRefusal {
        List<String> out = new ArrayList<>();
        if (!p.isPositional()) {
            if (p.value() instanceof PsBool b && !b.value()) {
                return out;
            }
            out.add(p.name().startsWith("-") ? p.name() : "-" + p.name());
            if (p.value() instanceof PsNull || p.value() instanceof PsBool) {
                return out;
            }
        }
        out.addAll(valueTexts(command, p.value(), argv));
        return out;
    }

    private static List<String> valueTexts(String command, PsValue value, List<String> argv) throws CommandRefusal {
        if (value instanceof PsNull) {
            return List.of();
        }
        if (value instanceof PsScriptBlock) {
            throw new CommandRefusal(ErrorRecords.languageRule(NoLanguageRule.SCRIPT_BLOCK, "a script block argument "
                    + "for '" + PsrpException.excerpt(command) + "'"), argv, NoLanguageRule.SCRIPT_BLOCK.errorId(),
                    "a script block argument");
        }
        if (value instanceof PsSecureString) {
            throw transformation(command, "a secure string", argv);
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
                if (item instanceof PsObject) {
                    throw transformation(command, "a nested object", argv);
                }
                out.addAll(valueTexts(command, item, argv));
            }
            return out;
        }
        if (o.baseValue() != null && !(o.baseValue() instanceof PsScriptBlock)
                && !(o.baseValue() instanceof PsSecureString)) {
            return List.of(o.toStringValue() != null ? o.toStringValue() : o.baseValue().text());
        }
        throw transformation(command, "an object of type " + (o.typeNames().isEmpty() ? "PSObject"
                : o.typeNames().get(0)), argv);
    }

    private static CommandRefusal transformation(String command, String what, List<String> argv) {
        String reason = what + " cannot be an argument of a program; only literal values can";
        return new CommandRefusal(ErrorRecords.parameterBinding(command, "ParameterArgumentTransformationError",
                "Cannot pass " + reason + "."), argv, "ParameterArgumentTransformationError", reason);
    }

    /** A parameter as the audit shows it. */
    private static List<String> auditTexts(CommandParameter p) {
        List<String> out = new ArrayList<>();
        if (!p.isPositional()) {
            out.add("-" + p.name());
        }
        if (p.value() instanceof PsPrimitive v && !(p.value() instanceof PsBool)) {
            out.add(v.text());
        } else if (p.value() instanceof PsObject o && o.container() instanceof PsList) {
            List<String> items = new ArrayList<>();
            o.listItems().forEach(i -> items.add(i instanceof PsPrimitive ip ? ip.text() : "?"));
            out.add(String.join(",", items));
        }
        return out;
    }

    private static CommandRefusal language(NoLanguageRule rule, String detail, List<String> argv) {
        return new CommandRefusal(ErrorRecords.languageRule(rule, detail), argv, rule.errorId(),
                rule.description() + ": " + detail);
    }
}
