package io.openwinrm.server.psrp.restricted;

import java.util.List;
import java.util.Objects;

/**
 * One command of a script pipeline as {@link NoLanguageParser} read it: the name and its literal arguments.
 *
 * @param name      the command name as written (unquoted)
 * @param arguments the arguments in order
 */
record ScriptCommand(String name, List<Argument> arguments) {

    ScriptCommand {
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
    }

    /**
     * One argument element.
     *
     * @param parameter the name of an unquoted {@code -Name} or {@code -Name:value} token (without the dash), else null
     * @param values    the literal values: one, several for a comma list ({@code a,b}), none for a bare parameter
     * @param text      the element's literal text once quotes and escapes are resolved, as a native program gets it
     *                  for a parameter token ({@code -n}, {@code --lines=5}, {@code -Name:x})
     */
    record Argument(String parameter, List<String> values, String text) {

        Argument {
            values = List.copyOf(values);
            Objects.requireNonNull(text, "text");
        }

        /** Whether a value follows a colon ({@code -Name:value}). */
        boolean hasColonValue() {
            return parameter != null && !values.isEmpty();
        }
    }
}
