package io.openwinrm.server.shell;

import java.util.Objects;

/**
 * A request value is malformed or not acceptable (bad GUID, id already in use, missing working directory, unknown
 * stream name...). Wire: w:InvalidParameter, Code 87 ([MS-WSMV] 3.1.4.5.2, 3.1.4.14).
 */
public final class InvalidArgumentException extends ShellException {

    private static final long serialVersionUID = 1L;

    /** Which part of the request was wrong. */
    public enum Parameter {
        SHELL_ID, COMMAND_ID, WORKING_DIRECTORY, ENVIRONMENT, COMMAND, STREAM, MAX_BYTES, TIMEOUT, SIGNAL, OPTION
    }

    private final Parameter parameter;

    public InvalidArgumentException(Parameter parameter, String detail) {
        super(parameter + ": " + detail);
        this.parameter = Objects.requireNonNull(parameter, "parameter");
    }

    public Parameter parameter() {
        return parameter;
    }
}
