package io.openwinrm.server.shell;

/**
 * Root of the typed errors of the shell and command runtime. Each subtype stands for one wire reaction, chosen by
 * type (never by message) in {@code io.openwinrm.server.dispatch.FaultMapper}.
 */
public abstract class ShellException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected ShellException(String message) {
        super(message);
    }

    protected ShellException(String message, Throwable cause) {
        super(message, cause);
    }
}
