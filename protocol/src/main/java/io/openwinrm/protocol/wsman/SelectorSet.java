package io.openwinrm.protocol.wsman;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code w:SelectorSet}. Selector names are matched case-insensitively ([MS-WSMV] 3.1.4.1.2): clients write
 * {@code ShellId}, the spec examples {@code ShellID}.
 */
public record SelectorSet(List<Selector> selectors) {
    public static final SelectorSet EMPTY = new SelectorSet(List.of());

    /** Selector name carrying the shell identifier. */
    public static final String SHELL_ID = "ShellId";

    public SelectorSet {
        selectors = List.copyOf(Objects.requireNonNull(selectors, "selectors"));
    }

    public static SelectorSet of(String name, String value) {
        return new SelectorSet(List.of(new Selector(name, value)));
    }

    /** Value of the first selector whose name equals {@code name} ignoring case. */
    public Optional<String> get(String name) {
        for (Selector s : selectors) {
            if (s.name().equalsIgnoreCase(name)) {
                return Optional.of(s.value());
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return selectors.isEmpty();
    }
}
