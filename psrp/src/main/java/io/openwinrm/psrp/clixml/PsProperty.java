package io.openwinrm.psrp.clixml;

import java.util.Objects;

/** A named property of a {@link PsObject}: one child of {@code <Props>} or {@code <MS>} with its {@code N} name. */
public record PsProperty(String name, PsValue value) {
    public PsProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
