package io.openwinrm.cli.copy;

/** One file or directory could not be copied; the message is one line for the user. The copy goes on. */
public final class CopyFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CopyFailure(String message) {
        super(message);
    }
}
