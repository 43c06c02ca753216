package io.openwinrm.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Long base64 text nodes taken out of a message before the XML parser sees it, so that a Send's or a Receive
 * response's payload ([MS-WSMV] 2.2.4.31 / 2.2.4.33, {@code rsp:Stream}) is decoded once, straight from the received
 * bytes, instead of going through the parser's byte → char decoding, its markup scan and a char → byte copy.
 *
 * <p>The parser still decides what the message is: each run of base64 characters that is a whole text node in the
 * bytes — after a {@code >}, up to the next {@code <}, at least {@link #MIN_RUN} long — is replaced in a copy (the
 * skeleton) by a placeholder {@code ~N~}, and the skeleton is parsed with the same limits. Text read from it has its
 * placeholders put back ({@link #expand}); a {@code Stream} whose whole content is one placeholder is decoded from the
 * original bytes ({@link #decodeBase64}). It is exact because:
 * <ul>
 *   <li>it is used only when the message contains no {@code ~} at all, so every {@code ~} the parser reports comes
 *   from a placeholder;</li>
 *   <li>the bytes are an ASCII-compatible encoding (UTF-8, US-ASCII, ISO-8859-1: from the HTTP charset or the XML
 *   declaration), so {@code > < ~} and the base64 alphabet are single bytes that no multi-byte character contains;</li>
 *   <li>a run between {@code >} and {@code <} holds none of {@code & < > " '}, so wherever it stands (a text node, a
 *   comment, a CDATA section, a processing instruction) the placeholder reads back as the same characters; and in an
 *   attribute value the {@code <} that ends it is malformed in the original and in the skeleton alike;</li>
 *   <li>a run longer than the text limit, or a message over the character limit, is left for the parser to refuse.</li>
 * </ul>
 */
final class Base64Runs {

    /** Shorter text nodes are left in place: cutting them out would cost more than it saves. */
    static final int MIN_RUN = 512;

    private static final byte PLACEHOLDER = '~';
    private static final boolean[] BASE64 = new boolean[256];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            BASE64[c] = true;
            BASE64[c + ('a' - 'A')] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            BASE64[c] = true;
        }
        BASE64['+'] = true;
        BASE64['/'] = true;
        BASE64['='] = true;
    }

    private final byte[] source;
    private final int[] offsets;
    private final int[] lengths;
    private final int count;
    private final byte[] skeleton;

    private Base64Runs(byte[] source, int[] offsets, int[] lengths, int count, byte[] skeleton) {
        this.source = source;
        this.offsets = offsets;
        this.lengths = lengths;
        this.count = count;
        this.skeleton = skeleton;
    }

    /**
     * The runs of {@code xml}, or null when there is none to take out (or the message does not qualify: another
     * encoding, a {@code ~} somewhere, beyond the limits).
     *
     * @param charset the charset the transport named, or null when the document's own declaration decides
     */
    static Base64Runs find(byte[] xml, Charset charset, CodecLimits limits) {
        if (xml.length > limits.maxCharacters() || !asciiCompatible(xml, charset)) {
            return null;
        }
        int[] offsets = new int[8];
        int[] lengths = new int[8];
        int count = 0;
        int cut = 0;
        int n = xml.length;
        for (int i = 0; i < n; i++) {
            byte b = xml[i];
            if (b == PLACEHOLDER) {
                return null;
            }
            if (b != '>') {
                continue;
            }
            int start = i + 1;
            int j = start;
            while (j < n && BASE64[xml[j] & 0xff]) {
                j++;
            }
            int len = j - start;
            if (j < n && xml[j] == '<' && len >= MIN_RUN && len <= limits.maxTextLength()) {
                if (count == offsets.length) {
                    offsets = Arrays.copyOf(offsets, count * 2);
                    lengths = Arrays.copyOf(lengths, count * 2);
                }
                offsets[count] = start;
                lengths[count] = len;
                count++;
                cut += len;
            }
            i = j - 1;
        }
        if (count == 0) {
            return null;
        }
        byte[] skeleton = new byte[n - cut + count * 12];
        int w = 0;
        int from = 0;
        for (int k = 0; k < count; k++) {
            int len = offsets[k] - from;
            System.arraycopy(xml, from, skeleton, w, len);
            w += len;
            w = placeholder(skeleton, w, k);
            from = offsets[k] + lengths[k];
        }
        System.arraycopy(xml, from, skeleton, w, n - from);
        w += n - from;
        return new Base64Runs(xml, offsets, lengths, count, Arrays.copyOf(skeleton, w));
    }

    /** The message with its runs replaced by placeholders: what the parser reads. */
    byte[] skeleton() {
        return skeleton;
    }

    /** {@code text} as it stood in the message: every placeholder replaced by its run. */
    String expand(String text) {
        if (text.indexOf(PLACEHOLDER) < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 1024);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end = c == PLACEHOLDER ? text.indexOf(PLACEHOLDER, i + 1) : -1;
            if (end < 0) {
                sb.append(c);
                i++;
                continue;
            }
            int k = Integer.parseInt(text, i + 1, end, 10);
            sb.append(new String(source, offsets[k], lengths[k], StandardCharsets.ISO_8859_1));
            i = end + 1;
        }
        return sb.toString();
    }

    /**
     * Decodes base64 text read from the skeleton (whitespace already removed): one whole placeholder is decoded
     * straight from the message's bytes, anything else after its placeholders are put back.
     *
     * @throws IllegalArgumentException if it is not valid base64
     */
    byte[] decodeBase64(byte[] compact) {
        int k = wholePlaceholder(compact);
        if (k >= 0) {
            ByteBuffer out = Base64.getDecoder().decode(ByteBuffer.wrap(source, offsets[k], lengths[k]));
            byte[] a = out.array();
            return out.arrayOffset() == 0 && out.remaining() == a.length ? a
                    : Arrays.copyOfRange(a, out.arrayOffset() + out.position(), out.arrayOffset() + out.limit());
        }
        for (byte b : compact) {
            if (b == PLACEHOLDER) {
                return Base64.getDecoder().decode(expand(new String(compact, StandardCharsets.ISO_8859_1)));
            }
        }
        return Base64.getDecoder().decode(compact);
    }

    /** The index when {@code text} is exactly one placeholder, else -1. */
    private int wholePlaceholder(byte[] text) {
        int n = text.length;
        if (n < 3 || n > 11 || text[0] != PLACEHOLDER || text[n - 1] != PLACEHOLDER) {
            return -1; // at most nine digits: no index overflows an int
        }
        int k = 0;
        for (int i = 1; i < n - 1; i++) {
            int d = text[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            k = k * 10 + d;
        }
        return k < count ? k : -1;
    }

    private static int placeholder(byte[] out, int w, int k) {
        out[w++] = PLACEHOLDER;
        byte[] digits = Integer.toString(k).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, out, w, digits.length);
        w += digits.length;
        out[w++] = PLACEHOLDER;
        return w;
    }

    /**
     * Whether the bytes are in an encoding where every ASCII character is its own single byte: the transport's
     * charset when it named one, else the XML declaration's (no declaration, no BOM: UTF-8).
     */
    private static boolean asciiCompatible(byte[] xml, Charset charset) {
        if (charset != null) {
            return isAsciiSuperset(charset.name());
        }
        int i = 0;
        if (xml.length >= 3 && (xml[0] & 0xff) == 0xEF && (xml[1] & 0xff) == 0xBB && (xml[2] & 0xff) == 0xBF) {
            i = 3;
        }
        if (i >= xml.length || xml[i] != '<') {
            return false;
        }
        if (!startsWith(xml, i, "<?xml")) {
            return true;
        }
        int limit = Math.min(xml.length, i + 256);
        for (int j = i; j + 1 < limit; j++) {
            if (xml[j] == '?' && xml[j + 1] == '>') {
                String decl = new String(xml, i, j - i, StandardCharsets.ISO_8859_1);
                int e = decl.indexOf("encoding");
                if (e < 0) {
                    return true;
                }
                int q = e + 8;
                while (q < decl.length() && decl.charAt(q) != '"' && decl.charAt(q) != '\'') {
                    q++;
                }
                int close = q < decl.length() ? decl.indexOf(decl.charAt(q), q + 1) : -1;
                return close > q && isAsciiSuperset(decl.substring(q + 1, close));
            }
        }
        return false;
    }

    private static boolean isAsciiSuperset(String name) {
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "UTF-8", "UTF8", "US-ASCII", "ASCII", "ISO-8859-1", "LATIN1" -> true;
            default -> false;
        };
    }

    private static boolean startsWith(byte[] xml, int at, String prefix) {
        if (xml.length - at < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (xml[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
