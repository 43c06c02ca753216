package io.openwinrm.client;

/**
 * The service could not be reached or spoke something we cannot accept: connection refused, TLS verification failed,
 * timeouts, unexpected HTTP status or an unparseable reply.
 */
public class WinRmTransportException extends WinRmException {
    private static final long serialVersionUID = 1L;

    public WinRmTransportException(String message) {
        super(message);
    }

    public WinRmTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
