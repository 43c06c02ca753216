package io.openwinrm.auth.encryption;

import io.openwinrm.auth.encryption.EncryptedMessageException.Reason;
import java.util.Locale;
import java.util.Objects;

/**
 * The parsed {@code Content-Type} of an encrypted body ([MS-WSMV] 2.2.9.1): media type, {@code protocol} and
 * {@code boundary} parameters. Parameter names are case-insensitive and values may be quoted or bare (RFC 2045
 * 5.1); the values keep the sender's spelling so a reply can echo the protocol exactly.
 *
 * @param multiPart {@code true} for {@code multipart/x-multi-encrypted}
 * @param protocol  the {@code protocol} parameter value, unquoted
 * @param boundary  the {@code boundary} parameter value, unquoted
 */
public record EncryptedContentType(boolean multiPart, String protocol, String boundary) {

    public EncryptedContentType {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(boundary, "boundary");
    }

    /** Whether a {@code Content-Type} header value announces an encrypted body (either media type). */
    public static boolean isEncrypted(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = mediaType(contentType);
        return media.equals(EncryptionProtocol.MULTIPART_ENCRYPTED)
                || media.equals(EncryptionProtocol.MULTIPART_MULTI_ENCRYPTED);
    }

    /**
     * Parses a {@code Content-Type} header value.
     *
     * @throws EncryptedMessageException with {@link Reason#CONTENT_TYPE} when the media type is not an encrypted
     *                                   one or {@code protocol} / {@code boundary} is missing or empty
     */
    public static EncryptedContentType parse(String contentType) throws EncryptedMessageException {
        if (!isEncrypted(contentType)) {
            throw new EncryptedMessageException(Reason.CONTENT_TYPE, "not an encrypted content type");
        }
        boolean multi = mediaType(contentType).equals(EncryptionProtocol.MULTIPART_MULTI_ENCRYPTED);
        String protocol = null;
        String boundary = null;
        for (String param : contentType.split(";")) {
            int eq = param.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = unquote(param.substring(eq + 1).trim());
            if (name.equals("protocol")) {
                protocol = value;
            } else if (name.equals("boundary")) {
                boundary = value;
            }
        }
        if (protocol == null || protocol.isEmpty()) {
            throw new EncryptedMessageException(Reason.CONTENT_TYPE, "encrypted content type without protocol");
        }
        if (boundary == null || boundary.isEmpty()) {
            throw new EncryptedMessageException(Reason.CONTENT_TYPE, "encrypted content type without boundary");
        }
        return new EncryptedContentType(multi, protocol, boundary);
    }

    /** The header value, always with both parameters quoted (pypsrp requires a quoted boundary). */
    public String headerValue() {
        return (multiPart ? EncryptionProtocol.MULTIPART_MULTI_ENCRYPTED : EncryptionProtocol.MULTIPART_ENCRYPTED)
                + ";protocol=\"" + protocol + "\";boundary=\"" + boundary + "\"";
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
