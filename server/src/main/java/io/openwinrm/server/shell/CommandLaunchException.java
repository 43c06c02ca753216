package io.openwinrm.server.shell;

/** The operating system refused to start a command for a reason other than a missing program. Wire: w:InternalError. */
public final class CommandLaunchException extends ShellException {

    private static final long serialVersionUID = 1L;

    public CommandLaunchException(String command, Throwable cause) {
        super("cannot start " + command + ": " + cause.getMessage(), cause);
    }
}
