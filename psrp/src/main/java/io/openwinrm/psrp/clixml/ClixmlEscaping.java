package io.openwinrm.psrp.clixml;

/**
 * The {@code _xHHHH_} escaping of CLIXML strings ([MS-PSRP] 2.2.5.3.2), applied to string contents, property names,
 * type names and ToString. Encoding escapes every control character (U+0000 - U+001F, U+007F - U+009F), each
 * surrogate half on its own, U+FFFE and U+FFFF, and an underscore that precedes {@code x} or {@code X} (as
 * {@code _x005F_}), so the result is always valid XML 1.0 text and never decodes to anything else. Decoding
 * follows .NET's {@code XmlConvert.DecodeName}: {@code _x} or {@code _X}, 4 or 8 hex digits, {@code _}; anything
 * else stays literal.
 */
public final class ClixmlEscaping {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ClixmlEscaping() {
    }

    /** Escapes a string for CLIXML (XML escaping of {@code & < > "} comes on top, in the writer). */
    public static String encode(String s) {
        int i = 0;
        while (i < s.length() && !needsEscape(s, i)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (needsEscape(s, i)) {
                sb.append("_x").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]).append('_');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(String s, int i) {
        char c = s.charAt(i);
        if (c == '_') {
            return i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X');
        }
        return c <= 0x1F || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF;
    }

    /** Undoes {@link #encode(String)} and .NET's encoder; text that is not a valid escape stays as it is. */
    public static String decode(String s) {
        int first = s.indexOf('_');
        if (first < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length()).append(s, 0, first);
        int i = first;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '_' && i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
                int eight = hexRun(s, i + 2, 8);
                if (eight >= 0 && eight <= Character.MAX_CODE_POINT) {
                    sb.appendCodePoint(eight);
                    i += 11;
                    continue;
                }
                int four = hexRun(s, i + 2, 4);
                if (four >= 0) {
                    sb.append((char) four);
                    i += 7;
                    continue;
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    /** The value of {@code digits} hex digits at {@code from} followed by {@code _}, or -1. */
    private static int hexRun(String s, int from, int digits) {
        if (from + digits >= s.length() || s.charAt(from + digits) != '_') {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < digits; k++) {
            int d = hexDigit(s.charAt(from + k));
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
