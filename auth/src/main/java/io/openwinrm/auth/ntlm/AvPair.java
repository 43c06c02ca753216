package io.openwinrm.auth.ntlm;

import java.nio.charset.StandardCharsets;

/**
 * One AV_PAIR ([MS-NLMP] 2.2.2.1): an id from {@link AvId} (unknown ids are kept as they are) and its value.
 */
public record AvPair(int id, byte[] value) {

    public AvPair {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("AV id out of range: " + id);
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("AV value longer than 65535 bytes");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    int length() {
        return value.length;
    }

    /** A UNICODE string pair (names, 2.2.2.1). */
    public static AvPair ofString(int id, String text) {
        return new AvPair(id, text.getBytes(StandardCharsets.UTF_16LE));
    }

    /** The value read as a UNICODE string. */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_16LE);
    }
}
