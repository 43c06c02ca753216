package io.openwinrm.auth.spi;

/**
 * An established security context able to seal WS-Management messages for HTTP message encryption
 * ([MS-WSMV] 2.2.9.1; NTLM [MS-NLMP] 3.4.4, Kerberos RFC 4121 4.2.4). Basic authentication has none.
 *
 * <p>A context belongs to one connection; the transport calls it for one message at a time, in order, because
 * sealing keys carry sequence numbers. Implementations need not be thread-safe.
 */
public interface SecurityContext {

    /**
     * The {@code protocol} parameter of the {@code multipart/encrypted} content type this context produces,
     * e.g. {@code application/HTTP-SPNEGO-session-encrypted}.
     */
    String encryptionProtocol();

    /**
     * Seals one message.
     *
     * @param plaintext the message; not modified
     * @return the signature/header and the ciphertext, as framed in [MS-WSMV] 2.2.9.1.1
     * @throws SealingException if the context cannot seal (e.g. sequence exhausted)
     */
    SealedMessage wrap(byte[] plaintext) throws SealingException;

    /**
     * Verifies and unseals one message.
     *
     * @throws SealingException if the signature does not verify or the framing is invalid
     */
    byte[] unwrap(SealedMessage sealed) throws SealingException;

    /**
     * One sealed message: the mechanism-specific header or signature, and the encrypted payload.
     *
     * @param header     signature / token header; length is written as the uint32 prefix on the wire
     * @param ciphertext the encrypted bytes
     */
    record SealedMessage(byte[] header, byte[] ciphertext) {
        public SealedMessage {
            header = header.clone();
            ciphertext = ciphertext.clone();
        }
    }

    /** Sealing or unsealing failed; the message must be rejected. */
    final class SealingException extends Exception {
        private static final long serialVersionUID = 1L;

        public SealingException(String message) {
            super(message);
        }

        public SealingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
