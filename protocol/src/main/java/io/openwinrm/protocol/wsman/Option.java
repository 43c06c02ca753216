package io.openwinrm.protocol.wsman;

import java.util.Objects;

/** One {@code w:Option Name="..." MustComply="..."} ([MS-WSMV] 3.1.4.1.3; DSP0226 6.4). */
public record Option(String name, String value, boolean mustComply) {
    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public Option(String name, String value) {
        this(name, value, false);
    }
}
