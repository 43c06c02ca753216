package io.openwinrm.psrp.clixml;

import java.util.Optional;

/** The list-like containers of [MS-PSRP] 2.2.5.2.6: stack, queue, list and enumerable. */
public enum ListKind {
    /** {@code <STK>}, 2.2.5.2.6.1. */
    STACK("STK"),
    /** {@code <QUE>}, 2.2.5.2.6.2. */
    QUEUE("QUE"),
    /** {@code <LST>}, 2.2.5.2.6.3. */
    LIST("LST"),
    /** {@code <IE>}, 2.2.5.2.6.3 (any other enumerable). */
    ENUMERABLE("IE");

    private final String tag;

    ListKind(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static Optional<ListKind> ofTag(String tag) {
        for (ListKind k : values()) {
            if (k.tag.equals(tag)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
