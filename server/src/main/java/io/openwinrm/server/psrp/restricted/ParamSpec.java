package io.openwinrm.server.psrp.restricted;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One parameter of a built-in cmdlet: its name, how it takes a value, its position for positional binding and its
 * aliases.
 *
 * @param position index among positional parameters, or -1 if named only
 */
record ParamSpec(String name, Kind kind, int position, List<String> aliases) {

    /** How a parameter takes its value. */
    enum Kind {
        /** No value: present means true ({@code -Unique}, or {@code -Unique:$false} through the API). */
        SWITCH,
        /** One value. */
        VALUE,
        /** One or more values ({@code -Name a,b}). */
        VALUES,
        /** One integer. */
        INT
    }

    ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        aliases = List.copyOf(aliases);
    }

    static ParamSpec named(String name, Kind kind, String... aliases) {
        return new ParamSpec(name, kind, -1, List.of(aliases));
    }

    static ParamSpec positional(String name, Kind kind, int position, String... aliases) {
        return new ParamSpec(name, kind, position, List.of(aliases));
    }

    /** Whether {@code given} is this parameter's name or an alias, ignoring case. */
    boolean isNamed(String given) {
        return name.equalsIgnoreCase(given) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(given));
    }

    /** Whether {@code given} is a prefix of the name, ignoring case (PowerShell binds unambiguous prefixes). */
    boolean hasPrefix(String given) {
        return name.toLowerCase(Locale.ROOT).startsWith(given.toLowerCase(Locale.ROOT));
    }
}
