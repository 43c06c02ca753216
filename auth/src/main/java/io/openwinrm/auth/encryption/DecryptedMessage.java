package io.openwinrm.auth.encryption;

import java.nio.charset.Charset;
import java.util.Objects;

/**
 * The plaintext of an encrypted body.
 *
 * @param plaintext           the unsealed message (all parts concatenated); handed over, not copied
 * @param originalContentType the {@code OriginalContent} type without its {@code Length} parameter, e.g.
 *                            {@code application/soap+xml;charset=UTF-8}
 * @param charset             the charset named there (UTF-8 when absent)
 * @param protocol            the {@code protocol} parameter exactly as the sender wrote it; a reply must echo it
 * @param multiPart           {@code true} for {@code multipart/x-multi-encrypted}
 */
public record DecryptedMessage(byte[] plaintext, String originalContentType, Charset charset, String protocol,
                               boolean multiPart) {
    public DecryptedMessage {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(originalContentType, "originalContentType");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(protocol, "protocol");
    }
}
