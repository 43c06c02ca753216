package io.openwinrm.protocol.codec;

/**
 * Parser limits. Anything beyond them is rejected with a {@code w:SchemaValidationError} fault before it can cost
 * memory or time (Netty-style bounded decoding).
 *
 * @param maxElementDepth     deepest element nesting (a WinRS message needs about 8)
 * @param maxAttributes       attributes (including namespace declarations) per element
 * @param maxAttributeLength  characters of one attribute value
 * @param maxTextLength       characters of one text node (base64 Send data; bounded by MaxEnvelopeSize anyway)
 * @param maxElementCount     elements per document
 * @param maxCharacters       characters per document
 */
public record CodecLimits(int maxElementDepth, int maxAttributes, int maxAttributeLength, int maxTextLength,
        int maxElementCount, long maxCharacters) {

    /** Limits suitable for envelopes up to a few megabytes. */
    public static final CodecLimits DEFAULT = new CodecLimits(64, 64, 64 * 1024, 32 * 1024 * 1024, 100_000,
            64L * 1024 * 1024);

    public CodecLimits {
        if (maxElementDepth < 8 || maxAttributes < 8 || maxAttributeLength < 1024 || maxTextLength < 1024
                || maxElementCount < 64 || maxCharacters < 8192) {
            throw new IllegalArgumentException("limits too small to parse WS-Management messages: " + this);
        }
    }
}
