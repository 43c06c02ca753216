package io.openwinrm.client;

/** The service refused our credentials (HTTP 401), or we refused to send them (e.g. Basic over plain HTTP). */
public class WinRmAuthenticationException extends WinRmException {
    private static final long serialVersionUID = 1L;

    public WinRmAuthenticationException(String message) {
        super(message);
    }
}
