package io.openwinrm.psrp.command;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.Objects;

/**
 * One entry of a command's {@code Args} ([MS-PSRP] 2.2.3.13): a named parameter ({@code -Path C:\}), a switch
 * (PowerShell sends {@code <B N="V">true</B>}, pypsrp {@code <Nil N="V" />}) or, with a null name, a positional
 * argument.
 *
 * @param name  parameter name without the dash, or null for a positional argument
 * @param value the value as deserialized, never executed
 */
public record CommandParameter(String name, PsValue value) {
    public CommandParameter {
        Objects.requireNonNull(value, "value");
    }

    public static CommandParameter named(String name, PsValue value) {
        return new CommandParameter(Objects.requireNonNull(name, "name"), value);
    }

    public static CommandParameter positional(PsValue value) {
        return new CommandParameter(null, value);
    }

    public boolean isPositional() {
        return name == null;
    }
}
