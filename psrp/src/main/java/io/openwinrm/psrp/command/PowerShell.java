package io.openwinrm.psrp.command;

import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.List;
import java.util.Objects;

/**
 * The {@code PowerShell} member of CREATE_PIPELINE ([MS-PSRP] 2.2.3.11).
 *
 * @param commands                     {@code Cmds}: the first (or only) statement's pipeline of commands
 * @param extraCommands                {@code ExtraCmds} (protocol 2.2+): when not empty, every statement in order,
 *                                     the first repeating {@code Cmds}; empty when absent
 * @param isNested                     {@code IsNested}
 * @param history                      {@code History}: Nil, or history text
 * @param redirectShellErrorOutputPipe {@code RedirectShellErrorOutputPipe}
 */
public record PowerShell(List<Command> commands, List<List<Command>> extraCommands, boolean isNested,
        PsValue history, boolean redirectShellErrorOutputPipe) {
    public PowerShell {
        commands = List.copyOf(commands);
        extraCommands = extraCommands.stream().map(List::copyOf).toList();
        Objects.requireNonNull(history, "history");
    }

    /** One statement, not nested, no history. */
    public static PowerShell of(Command... commands) {
        return new PowerShell(List.of(commands), List.of(), false, PsNull.INSTANCE, false);
    }

    /**
     * The statements to run in order: {@code ExtraCmds} when present, else {@code Cmds} alone (PowerShell's
     * batch semantics, {@code PowerShell.cs SetupAsyncBatchExecution}).
     */
    public List<List<Command>> statements() {
        return extraCommands.isEmpty() ? List.of(commands) : extraCommands;
    }
}
