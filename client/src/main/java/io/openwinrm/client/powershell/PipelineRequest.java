package io.openwinrm.client.powershell;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.command.PowerShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a pipeline runs ([MS-PSRP] 2.2.3.11): one statement of commands, each a script ({@code IsScript} true, what
 * {@code Invoke-Command -ScriptBlock} sends) or a command by name with parameters ({@code IsScript} false, the only
 * kind a NoLanguage endpoint such as JEA accepts), and whether the caller will send pipeline input.
 *
 * @param powerShell the PowerShell object of CREATE_PIPELINE
 * @param input      true if the caller sends input objects ({@code NoInput} false), ended by
 *                   {@link Pipeline#endInput()}
 */
public record PipelineRequest(PowerShell powerShell, boolean input) {
    public PipelineRequest {
        Objects.requireNonNull(powerShell, "powerShell");
        if (powerShell.commands().isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one command");
        }
    }

    /** Script text, e.g. {@code Get-Process | Select-Object -First 3}. */
    public static PipelineRequest script(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty script");
        }
        return new PipelineRequest(PowerShell.of(Command.script(text)), false);
    }

    /** A command by name ({@code Get-Item}) with named or positional parameters. */
    public static PipelineRequest command(String name, CommandParameter... parameters) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("empty command name");
        }
        return new PipelineRequest(PowerShell.of(Command.cmdlet(name, parameters)), false);
    }

    /** Script text with positional arguments ({@code $args} in the script), as {@code -ArgumentList} sends them. */
    public static PipelineRequest script(String text, List<? extends PsValue> arguments) {
        List<CommandParameter> ps = new ArrayList<>();
        arguments.forEach(a -> ps.add(CommandParameter.positional(a)));
        return new PipelineRequest(PowerShell.of(Command.script(Objects.requireNonNull(text, "text"),
                ps.toArray(CommandParameter[]::new))), false);
    }

    /** The same commands, piped into {@code next}. */
    public PipelineRequest pipe(Command next) {
        List<Command> cmds = new ArrayList<>(powerShell.commands());
        cmds.add(Objects.requireNonNull(next, "next"));
        return new PipelineRequest(new PowerShell(cmds, List.of(), powerShell.isNested(), powerShell.history(),
                powerShell.redirectShellErrorOutputPipe()), input);
    }

    /** The same commands, with input objects from the caller. */
    public PipelineRequest withInput() {
        return new PipelineRequest(powerShell, true);
    }
}
