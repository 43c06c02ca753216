package io.openwinrm.protocol.wsman;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code w:OptionSet} ([MS-WSMV] 3.1.4.1.3). Option names are matched case-insensitively. */
public record OptionSet(List<Option> options) {
    public static final OptionSet EMPTY = new OptionSet(List.of());

    public OptionSet {
        options = List.copyOf(Objects.requireNonNull(options, "options"));
    }

    public static OptionSet of(Option... options) {
        return new OptionSet(List.of(options));
    }

    public Optional<String> get(String name) {
        for (Option o : options) {
            if (o.name().equalsIgnoreCase(name)) {
                return Optional.of(o.value());
            }
        }
        return Optional.empty();
    }

    /**
     * Boolean option value. Accepts {@code TRUE/True/true/1} and {@code FALSE/False/false/0} (pywinrm, pypsrp and
     * Go spell them differently), surrounding whitespace ignored.
     *
     * @throws WsmanFaultException {@link FaultKind#INVALID_OPTIONS} for any other value
     */
    public boolean getBoolean(String name, boolean dflt) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return dflt;
        }
        String s = v.get().strip();
        if (s.equalsIgnoreCase("true") || s.equals("1")) {
            return true;
        }
        if (s.equalsIgnoreCase("false") || s.equals("0")) {
            return false;
        }
        throw new WsmanFaultException(FaultKind.INVALID_OPTIONS,
                "The option " + name + " has an invalid boolean value: " + s);
    }

    public boolean isEmpty() {
        return options.isEmpty();
    }
}
