package io.openwinrm.auth.encryption;

import io.openwinrm.auth.encryption.EncryptedMessageException.Reason;
import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Frames and unframes WinRM encrypted HTTP bodies ([MS-WSMV] 2.2.9.1). One part is:
 *
 * <pre>
 * --Encrypted Boundary\r\n
 * \tContent-Type: &lt;protocol&gt;\r\n
 * \tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=&lt;plaintext bytes&gt;\r\n
 * --Encrypted Boundary\r\n
 * \tContent-Type: application/octet-stream\r\n
 * &lt;uint32 LE L&gt;&lt;L header/signature bytes&gt;&lt;ciphertext&gt;
 * </pre>
 *
 * followed by {@code --Encrypted Boundary--\r\n} with no CRLF before it. Bodies are written exactly so (pywinrm
 * strips those exact bytes); they are read tolerantly (see {@link EncryptedBodyParser}) but strictly where it
 * matters: the {@code protocol} must name the context's protocol, the L prefix must stay inside the part, and
 * {@code Length} must equal what the context unwrapped.
 *
 * <p>CredSSP ([MS-WSMV] 2.2.9.1.3) differs: the uint32 is the TLS trailer length, which every reader ignores, and
 * all bytes after it are TLS records. Its parts are therefore handed to the context as an empty header and the
 * whole remainder; when encoding, the context's header is written after a length prefix as for the other
 * protocols, and plaintexts above {@link EncryptionProtocol#CREDSSP_CHUNK} bytes are sent as
 * {@code multipart/x-multi-encrypted}, one part per chunk.
 *
 * <p>Stateless and thread-safe; the context is called in message order, once per part.
 */
public final class EncryptedMessageCodec {

    /** Largest accepted signature/header: far above NTLM's 16 and Kerberos' 60 bytes. */
    public static final int MAX_HEADER_LENGTH = 64 * 1024;

    private static final byte[] CRLF = {'\r', '\n'};

    private EncryptedMessageCodec() {
    }

    /** Encrypts with the context's own protocol string. */
    public static EncryptedMessage encode(SecurityContext context, byte[] plaintext, String originalContentType)
            throws EncryptedMessageException {
        return encode(context, context.encryptionProtocol(), plaintext, originalContentType);
    }

    /**
     * Encrypts a message.
     *
     * @param context             the connection's context; {@code wrap} is called once per part, in order
     * @param protocol            the {@code protocol} string to write, normally the one the request used (peers
     *                            compare it byte for byte); must name the context's protocol, ignoring case
     * @param plaintext           the message
     * @param originalContentType e.g. {@link EncryptionProtocol#SOAP_UTF8}
     * @return the body and its {@code Content-Type}
     * @throws EncryptedMessageException ({@link Reason#WRAP_FAILED}) if the context cannot seal
     */
    public static EncryptedMessage encode(SecurityContext context, String protocol, byte[] plaintext,
                                          String originalContentType) throws EncryptedMessageException {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(originalContentType, "originalContentType");
        if (!protocol.equalsIgnoreCase(context.encryptionProtocol())) {
            throw new IllegalArgumentException("protocol " + protocol + " does not belong to this context");
        }
        boolean multi = EncryptionProtocol.isCredSsp(protocol) && plaintext.length > EncryptionProtocol.CREDSSP_CHUNK;
        int chunk = multi ? EncryptionProtocol.CREDSSP_CHUNK : Math.max(1, plaintext.length);
        String boundary = EncryptionProtocol.BOUNDARY;
        ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 256);
        int offset = 0;
        do {
            int n = Math.min(chunk, plaintext.length - offset);
            byte[] piece = Arrays.copyOfRange(plaintext, offset, offset + n);
            SealedMessage sealed;
            try {
                sealed = context.wrap(piece);
            } catch (SecurityContext.SealingException e) {
                throw new EncryptedMessageException(Reason.WRAP_FAILED, "cannot seal message: " + e.getMessage(), e);
            }
            ascii(out, "--" + boundary + "\r\n\tContent-Type: " + protocol + "\r\n\tOriginalContent: type="
                    + originalContentType + ";Length=" + n + "\r\n--" + boundary
                    + "\r\n\tContent-Type: application/octet-stream\r\n");
            byte[] header = sealed.header();
            out.writeBytes(uint32le(header.length));
            out.writeBytes(header);
            out.writeBytes(sealed.ciphertext());
            offset += n;
        } while (offset < plaintext.length);
        ascii(out, "--" + boundary + "--\r\n");
        String contentType = new EncryptedContentType(multi, protocol, boundary).headerValue();
        return new EncryptedMessage(contentType, out.toByteArray());
    }

    /**
     * Decrypts a body.
     *
     * @param contentType the request's {@code Content-Type} header value
     * @param body        the body bytes; not modified
     * @param context     the connection's context; {@code unwrap} is called once per part, in order
     * @throws EncryptedMessageException with the {@link Reason} of the first problem found; afterwards the context's
     *                                   sequence state may have advanced and should be discarded
     */
    public static DecryptedMessage decode(String contentType, byte[] body, SecurityContext context)
            throws EncryptedMessageException {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(context, "context");
        EncryptedContentType type = EncryptedContentType.parse(contentType);
        if (!type.protocol().equalsIgnoreCase(context.encryptionProtocol())) {
            throw new EncryptedMessageException(Reason.PROTOCOL_MISMATCH,
                    "protocol " + type.protocol() + " does not match the connection's " + context.encryptionProtocol());
        }
        boolean credSsp = EncryptionProtocol.isCredSsp(type.protocol());
        List<EncryptedBodyParser.Part> parts = EncryptedBodyParser.parse(body, type.boundary(), type.multiPart());
        OriginalContent first = OriginalContent.parse(parts.get(0).originalContent());
        ByteArrayOutputStream plain = new ByteArrayOutputStream(body.length);
        for (EncryptedBodyParser.Part part : parts) {
            if (!part.partProtocol().equalsIgnoreCase(type.protocol())) {
                throw new EncryptedMessageException(Reason.PROTOCOL_MISMATCH,
                        "part Content-Type does not match the protocol parameter");
            }
            OriginalContent original = part == parts.get(0) ? first : OriginalContent.parse(part.originalContent());
            byte[] unwrapped = unwrap(context, split(part.payload(), original.length(), credSsp));
            if (unwrapped.length != original.length()) {
                throw new EncryptedMessageException(Reason.LENGTH_MISMATCH, "OriginalContent Length="
                        + original.length() + " but " + unwrapped.length + " bytes were unwrapped");
            }
            plain.writeBytes(unwrapped);
        }
        return new DecryptedMessage(plain.toByteArray(), first.contentType(), first.charset(), type.protocol(),
                type.multiPart());
    }

    private static SealedMessage split(byte[] payload, int expectedLength, boolean credSsp)
            throws EncryptedMessageException {
        if (payload.length < 4) {
            throw new EncryptedMessageException(Reason.HEADER_LENGTH, "encrypted part shorter than its length prefix");
        }
        long headerLength = (payload[0] & 0xFFL) | (payload[1] & 0xFFL) << 8 | (payload[2] & 0xFFL) << 16
                | (payload[3] & 0xFFL) << 24;
        if (credSsp) {
            // the prefix is the TLS trailer length; the TLS records follow in full
            return new SealedMessage(new byte[0], Arrays.copyOfRange(payload, 4, payload.length));
        }
        if (headerLength > MAX_HEADER_LENGTH || 4 + headerLength > payload.length) {
            throw new EncryptedMessageException(Reason.HEADER_LENGTH,
                    "signature length " + headerLength + " outside the " + payload.length + "-byte part");
        }
        int h = (int) headerLength;
        int end = payload.length;
        // a sender that put CRLF before the closing delimiter: drop it when it is exactly the surplus
        if (end - 4 - h == expectedLength + 2 && payload[end - 2] == CRLF[0] && payload[end - 1] == CRLF[1]) {
            end -= 2;
        }
        return new SealedMessage(Arrays.copyOfRange(payload, 4, 4 + h), Arrays.copyOfRange(payload, 4 + h, end));
    }

    private static byte[] unwrap(SecurityContext context, SealedMessage sealed) throws EncryptedMessageException {
        try {
            return context.unwrap(sealed);
        } catch (SecurityContext.SealingException e) {
            throw new EncryptedMessageException(Reason.UNWRAP_FAILED, "cannot unseal message: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new EncryptedMessageException(Reason.UNWRAP_FAILED, "cannot unseal message: " + e, e);
        }
    }

    private static byte[] uint32le(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The parsed {@code OriginalContent} value: {@code type=<media>;charset=<cs>;Length=<n>}. */
    private record OriginalContent(String contentType, Charset charset, int length) {

        static OriginalContent parse(String value) throws EncryptedMessageException {
            String media = null;
            String charsetName = null;
            Integer length = null;
            for (String param : value.split(";")) {
                int eq = param.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String v = param.substring(eq + 1).trim().replace("\"", "");
                switch (name) {
                    case "type" -> media = v;
                    case "charset" -> charsetName = v;
                    case "length" -> length = parseLength(v);
                    default -> { }
                }
            }
            if (media == null || media.isEmpty() || length == null) {
                throw new EncryptedMessageException(Reason.MALFORMED, "OriginalContent lacks type or Length");
            }
            Charset charset = charsetName == null ? StandardCharsets.UTF_8 : charset(charsetName);
            return new OriginalContent(charsetName == null ? media : media + ";charset=" + charsetName, charset, length);
        }

        private static int parseLength(String v) throws EncryptedMessageException {
            if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new EncryptedMessageException(Reason.MALFORMED, "OriginalContent Length is not a number");
            }
            long n = Long.parseLong(v);
            if (n > Integer.MAX_VALUE) {
                throw new EncryptedMessageException(Reason.MALFORMED, "OriginalContent Length too large");
            }
            return (int) n;
        }

        /** UTF-8 or UTF-16 only ([MS-WSMV] 2.2.1). */
        private static Charset charset(String name) throws EncryptedMessageException {
            return switch (name.toUpperCase(Locale.ROOT)) {
                case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
                case "UTF-16" -> StandardCharsets.UTF_16;
                case "UTF-16LE" -> StandardCharsets.UTF_16LE;
                case "UTF-16BE" -> StandardCharsets.UTF_16BE;
                default -> throw new EncryptedMessageException(Reason.UNSUPPORTED_CHARSET,
                        "unsupported charset in OriginalContent");
            };
        }
    }
}
