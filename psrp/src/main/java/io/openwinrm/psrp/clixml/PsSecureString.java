package io.openwinrm.psrp.clixml;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * {@code <SS>}: a SecureString, kept opaque ([MS-PSRP] 2.2.5.1.24). The bytes are the base64-decoded element text:
 * AES-256-CBC under the session key for protocol up to 2.3, plain UTF-16LE between 2.4 peers. Decrypting is the
 * session's business; {@link #toString()} never shows the bytes.
 */
public record PsSecureString(byte[] value) implements PsPrimitive {
    public PsSecureString {
        value = Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public String tag() {
        return "SS";
    }

    @Override
    public String text() {
        return Base64.getEncoder().encodeToString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PsSecureString s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "PsSecureString[" + value.length + " bytes]";
    }
}
