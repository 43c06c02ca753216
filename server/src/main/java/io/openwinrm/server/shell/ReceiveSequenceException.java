package io.openwinrm.server.shell;

/**
 * A Receive numbered with a {@code SequenceId} that neither repeats the command's last Receive (a retry) nor follows
 * it (last + 1). Wire: wsa:InvalidMessageInformationHeader, the fault [MS-WSMV] 3.1.4.1.39 names for a sequence
 * number that does not continue an operation.
 */
public final class ReceiveSequenceException extends ShellException {

    private static final long serialVersionUID = 1L;

    public ReceiveSequenceException(String commandId, long expected, long received) {
        super("Receive SequenceId " + Long.toUnsignedString(received) + " for command " + commandId
                + " neither repeats nor follows the last one: expected " + Long.toUnsignedString(expected - 1)
                + " (retry) or " + Long.toUnsignedString(expected) + ". ");
    }
}
