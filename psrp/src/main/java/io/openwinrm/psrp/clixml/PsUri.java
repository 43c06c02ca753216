package io.openwinrm.psrp.clixml;

import java.util.Objects;

/** {@code <URI>}: a Uri kept as text, never interpreted here ([MS-PSRP] 2.2.5.1.19). */
public record PsUri(String uri) implements PsPrimitive {
    public PsUri {
        Objects.requireNonNull(uri, "uri");
    }

    @Override
    public String tag() {
        return "URI";
    }

    @Override
    public String text() {
        return uri;
    }
}
