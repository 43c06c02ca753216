package io.openwinrm.server.psrp.restricted;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parameters a built-in cmdlet was called with, after binding: canonical name to its values as text (switches
 * hold {@code True} or {@code False}).
 */
record BoundParameters(Map<String, List<String>> values) {

    BoundParameters {
        values = Map.copyOf(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean isSet(String name) {
        List<String> v = values.get(name);
        return v != null && !v.isEmpty() && v.get(0).equalsIgnoreCase("True");
    }

    List<String> list(String name) {
        return values.getOrDefault(name, List.of());
    }

    Optional<String> one(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** An integer parameter; the binder has checked that it parses. */
    OptionalInt integer(String name) {
        return one(name).map(s -> OptionalInt.of(Integer.parseInt(s.strip()))).orElse(OptionalInt.empty());
    }
}
