package io.openwinrm.privsep.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the fields {@link WireOut} writes, refusing anything malformed: a length beyond what is left, more elements
 * than {@link #MAX_ELEMENTS}, a boolean other than 0 or 1, invalid UTF-8, a NUL in a string, bytes left over.
 */
final class WireIn {

    static final int MAX_ELEMENTS = 8192;

    private final ByteBuffer in;

    WireIn(byte[] message) {
        this.in = ByteBuffer.wrap(message);
    }

    int u8() throws WireException {
        need(1);
        return in.get() & 0xff;
    }

    int i32() throws WireException {
        need(4);
        return in.getInt();
    }

    long i64() throws WireException {
        need(8);
        return in.getLong();
    }

    boolean bool() throws WireException {
        int v = u8();
        if (v > 1) {
            throw new WireException("not a boolean: " + v);
        }
        return v == 1;
    }

    byte[] bytes() throws WireException {
        int length = i32();
        if (length < 0 || length > in.remaining()) {
            throw new WireException("a length of " + length + " with " + in.remaining() + " bytes left");
        }
        byte[] v = new byte[length];
        in.get(v);
        return v;
    }

    String string() throws WireException {
        byte[] raw = bytes();
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
            if (s.indexOf('\0') >= 0) {
                throw new WireException("a string with NUL");
            }
            return s;
        } catch (CharacterCodingException e) {
            throw new WireException("a string that is not UTF-8");
        }
    }

    Optional<String> optional() throws WireException {
        return bool() ? Optional.of(string()) : Optional.empty();
    }

    List<String> strings() throws WireException {
        int n = count();
        List<String> v = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            v.add(string());
        }
        return Collections.unmodifiableList(v);
    }

    Map<String, String> map() throws WireException {
        int n = count();
        Map<String, String> v = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = string();
            if (v.put(key, string()) != null) {
                throw new WireException("a key given twice: " + key);
            }
        }
        return Collections.unmodifiableMap(v);
    }

    int count() throws WireException {
        int n = i32();
        if (n < 0 || n > MAX_ELEMENTS) {
            throw new WireException("a count of " + n + " (at most " + MAX_ELEMENTS + ")");
        }
        return n;
    }

    void end() throws WireException {
        if (in.hasRemaining()) {
            throw new WireException(in.remaining() + " bytes after the message");
        }
    }

    private void need(int n) throws WireException {
        if (in.remaining() < n) {
            throw new WireException("the message ends early");
        }
    }
}
