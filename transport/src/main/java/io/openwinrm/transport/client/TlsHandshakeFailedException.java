package io.openwinrm.transport.client;

import javax.net.ssl.SSLHandshakeException;

/**
 * The TLS handshake with the server failed, typically because its certificate is not trusted or does not match
 * the pinned fingerprint. The message names the endpoint and the reason in words a command line can show.
 */
public final class TlsHandshakeFailedException extends SSLHandshakeException {
    private static final long serialVersionUID = 1L;

    public TlsHandshakeFailedException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
