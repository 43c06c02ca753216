package io.openwinrm.auth.encryption;

import java.util.Objects;

/**
 * An encrypted body could not be framed or unframed. The message is log-safe: it never contains plaintext,
 * ciphertext or key material. After any failure during decoding, the security context's sequence state must be
 * considered unusable (the transport closes the connection).
 */
public final class EncryptedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong; lets callers choose a reaction without reading the message text. */
    public enum Reason {
        /** The Content-Type is not {@code multipart/encrypted} or {@code multipart/x-multi-encrypted}, or lacks a
         *  parameter. */
        CONTENT_TYPE,
        /** The {@code protocol} parameter (or a part's Content-Type) does not name the context's protocol. */
        PROTOCOL_MISMATCH,
        /** Boundaries, part headers or the {@code OriginalContent} line are missing or malformed. */
        MALFORMED,
        /** The uint32 signature/header length points outside the part. */
        HEADER_LENGTH,
        /** {@code Length=} differs from the number of bytes the context unwrapped. */
        LENGTH_MISMATCH,
        /** The original charset is neither UTF-8 nor UTF-16 ([MS-WSMV] 2.2.1). */
        UNSUPPORTED_CHARSET,
        /** The security context rejected the message (bad signature, replay, reordering). */
        UNWRAP_FAILED,
        /** The security context could not seal the message. */
        WRAP_FAILED
    }

    private final Reason reason;

    public EncryptedMessageException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public EncryptedMessageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
