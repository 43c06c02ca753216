package io.openwinrm.server.shell;

/**
 * No shell with this id exists for the caller: unknown, closed, or owned by somebody else (the three cases are
 * indistinguishable on purpose). Wire: w:InvalidSelectors, code 2150858843 ([MS-WSMV] 3.1.4.14, 3.1.4.1.31.7).
 */
public final class ShellNotFoundException extends ShellException {

    private static final long serialVersionUID = 1L;

    private final String shellId;

    public ShellNotFoundException(String shellId) {
        super("no shell " + shellId);
        this.shellId = shellId;
    }

    public String shellId() {
        return shellId;
    }
}
