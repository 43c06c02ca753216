package io.openwinrm.auth.encryption;

import io.openwinrm.auth.encryption.EncryptedMessageException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Splits an encrypted body into its parts without unsealing anything ([MS-WSMV] 2.2.9.1.1; the byte layout of
 * {@code research/winrm-wire.md} section 4.2). Tolerant where real peers differ: header lines with or without the
 * leading TAB, any header-name case, LF or CRLF line ends, {@code -- boundary} with a space, a missing final CRLF
 * or a missing closing delimiter. The ciphertext of a single-part body ends at the <em>last</em> delimiter, so
 * ciphertext bytes that happen to look like a delimiter cannot cut it short.
 */
final class EncryptedBodyParser {

    static final int MAX_LINE = 1024;

    /**
     * One encrypted part.
     *
     * @param partProtocol    the first block's {@code Content-Type}
     * @param originalContent the {@code OriginalContent} value, e.g. {@code type=...;charset=UTF-8;Length=12}
     * @param payload         everything after the second block's header line, up to the next delimiter
     */
    record Part(String partProtocol, String originalContent, byte[] payload) {
    }

    private final byte[] body;
    private final byte[] boundary;
    private int pos;

    private EncryptedBodyParser(byte[] body, String boundary) {
        this.body = body;
        this.boundary = boundary.getBytes(StandardCharsets.US_ASCII);
    }

    static List<Part> parse(byte[] body, String boundary, boolean multiPart) throws EncryptedMessageException {
        return new EncryptedBodyParser(body, boundary).parts(multiPart);
    }

    private List<Part> parts(boolean multiPart) throws EncryptedMessageException {
        List<Part> parts = new ArrayList<>();
        skipWhitespace();
        while (true) {
            int after = delimiterEnd(pos);
            if (after < 0) {
                if (parts.isEmpty()) {
                    throw malformed("body does not start with the boundary delimiter");
                }
                throw malformed("expected a boundary delimiter after a part");
            }
            pos = after;
            if (startsWith(pos, "--")) {
                break;
            }
            if (!multiPart && !parts.isEmpty()) {
                throw malformed("multipart/encrypted carries exactly one encrypted part");
            }
            endOfLine();
            String protocol = null;
            String original = null;
            while (delimiterEnd(pos) < 0) {
                String line = line();
                int colon = line.indexOf(':');
                if (colon < 0) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    throw malformed("part header line without a colon");
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-type")) {
                    protocol = value;
                } else if (name.equals("originalcontent")) {
                    original = value;
                }
            }
            if (protocol == null || original == null) {
                throw malformed("first block lacks Content-Type or OriginalContent");
            }
            pos = delimiterEnd(pos);
            if (startsWith(pos, "--")) {
                throw malformed("encrypted part without its octet-stream block");
            }
            endOfLine();
            String streamHeader = line();
            int colon = streamHeader.indexOf(':');
            if (colon < 0 || !streamHeader.substring(0, colon).trim().equalsIgnoreCase("content-type")
                    || !streamHeader.substring(colon + 1).trim().equalsIgnoreCase("application/octet-stream")) {
                throw malformed("second block must start with Content-Type: application/octet-stream");
            }
            int start = pos;
            int end = multiPart ? nextDelimiter(start) : lastDelimiter(start);
            parts.add(new Part(protocol, original, Arrays.copyOfRange(body, start, end < 0 ? body.length : end)));
            if (end < 0) {
                break;
            }
            pos = end;
        }
        if (parts.isEmpty()) {
            throw malformed("no encrypted part");
        }
        return parts;
    }

    /** The index just past {@code --boundary} (or {@code -- boundary}) starting at {@code at}, or -1. */
    private int delimiterEnd(int at) {
        if (!startsWith(at, "--")) {
            return -1;
        }
        int p = at + 2;
        if (p < body.length && body[p] == ' ') {
            p++;
        }
        if (p + boundary.length > body.length) {
            return -1;
        }
        for (int i = 0; i < boundary.length; i++) {
            if (body[p + i] != boundary[i]) {
                return -1;
            }
        }
        return p + boundary.length;
    }

    private int nextDelimiter(int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '-' && delimiterEnd(i) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private int lastDelimiter(int from) {
        for (int i = body.length - 2; i >= from; i--) {
            if (body[i] == '-' && delimiterEnd(i) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(int at, String ascii) {
        if (at + ascii.length() > body.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (body[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void skipWhitespace() {
        while (pos < body.length && (body[pos] == '\r' || body[pos] == '\n' || body[pos] == ' ' || body[pos] == '\t')) {
            pos++;
        }
    }

    /** Consumes trailing blanks and a CRLF or LF after a delimiter. */
    private void endOfLine() throws EncryptedMessageException {
        while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
            pos++;
        }
        if (startsWith(pos, "\r\n")) {
            pos += 2;
        } else if (startsWith(pos, "\n")) {
            pos++;
        } else {
            throw malformed("boundary delimiter not followed by a line end");
        }
    }

    /** Reads one header line (ASCII), without its line end and surrounding blanks. */
    private String line() throws EncryptedMessageException {
        int start = pos;
        while (pos < body.length && body[pos] != '\n') {
            if (pos - start > MAX_LINE) {
                throw malformed("part header line too long");
            }
            pos++;
        }
        if (pos >= body.length) {
            throw malformed("part header line without a line end");
        }
        int end = pos;
        pos++;
        if (end > start && body[end - 1] == '\r') {
            end--;
        }
        return new String(body, start, end - start, StandardCharsets.ISO_8859_1).trim();
    }

    private static EncryptedMessageException malformed(String message) {
        return new EncryptedMessageException(Reason.MALFORMED, message);
    }
}
