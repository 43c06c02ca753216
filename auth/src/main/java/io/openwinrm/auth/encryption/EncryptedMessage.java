package io.openwinrm.auth.encryption;

import java.util.Objects;

/**
 * An encrypted HTTP body and the {@code Content-Type} header value that goes with it.
 *
 * @param contentType e.g. {@code multipart/encrypted;protocol="...";boundary="Encrypted Boundary"}
 * @param body        the body bytes; the array is handed over, not copied
 */
public record EncryptedMessage(String contentType, byte[] body) {
    public EncryptedMessage {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }
}
