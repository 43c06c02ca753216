package io.openwinrm.psrp.command;

import java.util.List;
import java.util.Objects;

/**
 * One command of a pipeline ([MS-PSRP] 2.2.3.12): {@code Cmd} is a command name when {@code isScript} is false
 * ({@code add_cmdlet}, what a NoLanguage endpoint accepts) and script text when true ({@code add_script}).
 *
 * @param text          the {@code Cmd} member
 * @param isScript      the {@code IsScript} member
 * @param useLocalScope the {@code UseLocalScope} member: null when Nil, false means dot-sourced
 * @param parameters    the {@code Args} members in order
 * @param merges        the Merge* members
 */
public record Command(String text, boolean isScript, Boolean useLocalScope, List<CommandParameter> parameters,
        StreamMerges merges) {
    public Command {
        Objects.requireNonNull(text, "text");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(merges, "merges");
    }

    /** A command by name, no merges, {@code UseLocalScope} Nil. */
    public static Command cmdlet(String name, CommandParameter... parameters) {
        return new Command(name, false, null, List.of(parameters), StreamMerges.NONE);
    }

    /** Script text, no merges, {@code UseLocalScope} Nil. */
    public static Command script(String text, CommandParameter... parameters) {
        return new Command(text, true, null, List.of(parameters), StreamMerges.NONE);
    }
}
