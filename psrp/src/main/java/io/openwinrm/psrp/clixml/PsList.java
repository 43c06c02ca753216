package io.openwinrm.psrp.clixml;

import java.util.List;
import java.util.Objects;

/** {@code <LST>}, {@code <IE>}, {@code <STK>} or {@code <QUE>} with its items in wire order ([MS-PSRP] 2.2.5.2.6). */
public record PsList(ListKind kind, List<PsValue> items) implements PsContainer {
    public PsList {
        Objects.requireNonNull(kind, "kind");
        items = List.copyOf(items);
    }
}
