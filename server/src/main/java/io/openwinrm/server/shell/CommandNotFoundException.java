package io.openwinrm.server.shell;

/**
 * No command with this id exists in the shell, or its Done state was already delivered. Wire: w:InvalidSelectors,
 * code 2150858843 ([MS-WSMV] 3.1.4.14).
 */
public final class CommandNotFoundException extends ShellException {

    private static final long serialVersionUID = 1L;

    private final String commandId;

    public CommandNotFoundException(String commandId) {
        super("no command " + commandId);
        this.commandId = commandId;
    }

    public String commandId() {
        return commandId;
    }
}
