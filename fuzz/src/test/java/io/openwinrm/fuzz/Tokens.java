package io.openwinrm.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The framing of inputs that carry several messages (the legs of a handshake): each token is a 2-byte big-endian
 * length followed by that many bytes. A length that runs past the end takes what is left; bytes after the last
 * token the target uses are ignored.
 */
final class Tokens {

    private Tokens() {
    }

    /** At most {@code max} tokens, in order. */
    static List<byte[]> split(byte[] input, int max) {
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        while (out.size() < max && input.length - pos >= 2) {
            int length = (input[pos] & 0xFF) << 8 | (input[pos + 1] & 0xFF);
            pos += 2;
            int end = (int) Math.min((long) pos + length, input.length);
            out.add(Arrays.copyOfRange(input, pos, end));
            pos = end;
        }
        return out;
    }

    /** The inverse of {@link #split}, for writing seeds. */
    static byte[] join(byte[]... tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] t : tokens) {
            if (t.length > 0xFFFF) {
                throw new IllegalArgumentException("token longer than 65535 bytes");
            }
            out.write(t.length >>> 8);
            out.write(t.length);
            out.writeBytes(t);
        }
        return out.toByteArray();
    }
}
