package io.openwinrm.psrp.clixml;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/** {@code <BA>}: a byte array, base64 on the wire ([MS-PSRP] 2.2.5.1.17). Defensively copied. */
public record PsBytes(byte[] value) implements PsPrimitive {
    public PsBytes {
        value = Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public String tag() {
        return "BA";
    }

    @Override
    public String text() {
        return Base64.getEncoder().encodeToString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PsBytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "PsBytes[" + value.length + " bytes]";
    }
}
