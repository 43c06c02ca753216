package io.openwinrm.protocol.codec;

import java.nio.charset.StandardCharsets;

/**
 * A minimal, fast XML writer into a {@link StringBuilder}. The caller owns prefixes and namespace declarations
 * (the encoder always writes the same Windows prefixes). Escapes text and attribute values; characters that
 * XML 1.0 cannot carry (C0 controls other than TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
 */
final class XmlOut {
    private final StringBuilder sb;
    private boolean startOpen;
    /**
     * Base64 payloads kept as bytes: each is spliced into the output at {@code payloadAt[i]} (a position in
     * {@link #sb}) by {@link #toUtf8}, so large Stream data is encoded once, straight into its final place.
     */
    private final java.util.List<byte[]> payloads = new java.util.ArrayList<>(2);
    private final java.util.List<Integer> payloadAt = new java.util.ArrayList<>(2);

    XmlOut(int capacity) {
        sb = new StringBuilder(capacity);
    }

    /** Opens {@code <name}; attributes may follow until content or end is written. */
    XmlOut start(String qname) {
        closeStart();
        sb.append('<').append(qname);
        startOpen = true;
        return this;
    }

    XmlOut attr(String qname, String value) {
        if (!startOpen) {
            throw new IllegalStateException("attribute outside a start tag: " + qname);
        }
        sb.append(' ').append(qname).append("=\"");
        escape(value, true);
        sb.append('"');
        return this;
    }

    XmlOut text(String value) {
        closeStart();
        if (value != null) {
            escape(value, false);
        }
        return this;
    }

    /** Writes already-safe ASCII text (base64, numbers) without escaping. */
    XmlOut rawAscii(String value) {
        closeStart();
        sb.append(value);
        return this;
    }

    /** Writes {@code data} base64-encoded ([RFC 4648] 4, with padding) as element content. */
    XmlOut base64(byte[] data) {
        closeStart();
        if (data.length > 0) {
            payloadAt.add(sb.length());
            payloads.add(data);
        }
        return this;
    }

    /** Ends the element with a separate end tag ({@code <a></a>}, as Windows writes empty Stream/Body). */
    XmlOut end(String qname) {
        closeStart();
        sb.append("</").append(qname).append('>');
        return this;
    }

    /** Ends the element as {@code <a/>}; valid only right after {@link #start} and attributes. */
    XmlOut endEmpty() {
        if (!startOpen) {
            throw new IllegalStateException("no open start tag");
        }
        sb.append("/>");
        startOpen = false;
        return this;
    }

    /** {@code <name>text</name>}. */
    XmlOut element(String qname, String text) {
        return start(qname).text(text).end(qname);
    }

    byte[] toUtf8() {
        closeStart();
        if (payloads.isEmpty()) {
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        java.util.Base64.Encoder encoder = java.util.Base64.getEncoder();
        int n = payloads.size();
        byte[][] parts = new byte[2 * n + 1][];
        int from = 0;
        long total = 0;
        for (int i = 0; i < n; i++) {
            parts[2 * i] = sb.substring(from, payloadAt.get(i)).getBytes(StandardCharsets.UTF_8);
            parts[2 * i + 1] = encoder.encode(payloads.get(i));
            from = payloadAt.get(i);
        }
        parts[2 * n] = sb.substring(from).getBytes(StandardCharsets.UTF_8);
        for (byte[] p : parts) {
            total += p.length;
        }
        byte[] out = new byte[Math.toIntExact(total)];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /** The document so far, payloads shown as their length (for diagnostics only). */
    @Override
    public String toString() {
        return payloads.isEmpty() ? sb.toString() : sb + " [+" + payloads.size() + " base64 payloads]";
    }

    private void closeStart() {
        if (startOpen) {
            sb.append('>');
            startOpen = false;
        }
    }

    private void escape(String s, boolean attribute) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\r' -> sb.append("&#xD;");
                case '\n' -> sb.append(attribute ? "&#xA;" : "\n");
                case '\t' -> sb.append(attribute ? "&#x9;" : "\t");
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        sb.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            sb.append('\uFFFD');
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
