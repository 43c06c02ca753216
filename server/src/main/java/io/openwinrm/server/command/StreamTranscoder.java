package io.openwinrm.server.command;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * Stateful byte-stream conversion between two charsets: a multi-byte sequence split across chunk boundaries is
 * carried over to the next chunk. Malformed input and characters the target cannot represent become {@code ?}
 * (as Windows' console conversion does). Not thread-safe: one instance per stream.
 */
final class StreamTranscoder {

    private static final byte[] QUESTION_MARK = {'?'};

    private final CharsetDecoder decoder;
    private final CharsetEncoder encoder;
    private byte[] carry = new byte[0];

    StreamTranscoder(Charset from, Charset to) {
        decoder = from.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith("?");
        encoder = to.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        if (encoder.isLegalReplacement(QUESTION_MARK)) {
            encoder.replaceWith(QUESTION_MARK);
        }
    }

    /**
     * Converts the next chunk.
     *
     * @param endOfInput true for the last call: a trailing incomplete sequence is flushed as {@code ?}
     * @return the converted bytes (a fresh array)
     */
    byte[] transcode(byte[] src, int off, int len, boolean endOfInput) {
        ByteBuffer in;
        if (carry.length == 0) {
            in = ByteBuffer.wrap(src, off, len);
        } else {
            byte[] joined = Arrays.copyOf(carry, carry.length + len);
            System.arraycopy(src, off, joined, carry.length, len);
            in = ByteBuffer.wrap(joined);
        }
        // A byte never decodes to more than one char plus a possible surrogate pair partner.
        CharBuffer chars = CharBuffer.allocate(in.remaining() + 2);
        decoder.decode(in, chars, endOfInput);
        if (endOfInput) {
            decoder.flush(chars);
            decoder.reset();
        }
        carry = new byte[in.remaining()];
        in.get(carry);
        chars.flip();
        ByteBuffer out = ByteBuffer.allocate((int) Math.ceil(chars.remaining() * encoder.maxBytesPerChar()) + 8);
        encoder.encode(chars, out, endOfInput);
        if (endOfInput) {
            encoder.flush(out);
            encoder.reset();
        }
        return Arrays.copyOf(out.array(), out.position());
    }
}
