package io.openwinrm.protocol.wsman;

import java.util.Objects;

/** One {@code w:Selector Name="..."} ([MS-WSMV] 3.1.4.1.2; DSP0226 7.2). */
public record Selector(String name, String value) {
    public Selector {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
