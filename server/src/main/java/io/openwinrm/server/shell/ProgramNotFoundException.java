package io.openwinrm.server.shell;

/**
 * A command run with SKIP_CMD_SHELL names a program that does not exist or is not executable. Wire: w:InternalError,
 * code 2147942402 (0x80070002 ERROR_FILE_NOT_FOUND) ([MS-WSMV] 3.1.4.11).
 */
public final class ProgramNotFoundException extends ShellException {

    private static final long serialVersionUID = 1L;

    private final String program;

    public ProgramNotFoundException(String program, Throwable cause) {
        super("program not found: " + program, cause);
        this.program = program;
    }

    public String program() {
        return program;
    }
}
