package io.openwinrm.privsep.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes the primitive fields of a message: big-endian integers, length-prefixed UTF-8 and bytes. */
final class WireOut {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(bytes);

    WireOut u8(int v) {
        return run(() -> out.writeByte(v));
    }

    WireOut i32(int v) {
        return run(() -> out.writeInt(v));
    }

    WireOut i64(long v) {
        return run(() -> out.writeLong(v));
    }

    WireOut bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    WireOut bytes(byte[] v) {
        return run(() -> {
            out.writeInt(v.length);
            out.write(v);
        });
    }

    WireOut string(String v) {
        return bytes(v.getBytes(StandardCharsets.UTF_8));
    }

    WireOut optional(Optional<String> v) {
        bool(v.isPresent());
        v.ifPresent(this::string);
        return this;
    }

    WireOut strings(List<String> v) {
        i32(v.size());
        v.forEach(this::string);
        return this;
    }

    WireOut map(Map<String, String> v) {
        i32(v.size());
        v.forEach((k, val) -> string(k).string(val));
        return this;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private WireOut run(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
