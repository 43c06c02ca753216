package io.openwinrm.cli.setup;

/** A setup step that cannot be carried out; the message is one line saying what and why. */
public final class SetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public SetupException(String message) {
        super(message);
    }

    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
