package io.openwinrm.client;

/** Base of every error the client reports. Subtypes say what went wrong; never classify by message text. */
public class WinRmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WinRmException(String message) {
        super(message);
    }

    public WinRmException(String message, Throwable cause) {
        super(message, cause);
    }
}
