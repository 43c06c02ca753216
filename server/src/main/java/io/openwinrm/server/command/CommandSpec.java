package io.openwinrm.server.command;

import java.util.List;
import java.util.Objects;

/**
 * A WinRS CommandLine ([MS-WSMV] 2.2.4.7, 3.1.4.11).
 *
 * @param commandId    client-chosen id (PSRP sends one), or null to generate one
 * @param command      the {@code rsp:Command} text; not blank
 * @param arguments    the {@code rsp:Arguments} elements in order
 * @param skipCmdShell WINRS_SKIP_CMD_SHELL: run {@code command} directly with {@code arguments} as argv instead of
 *                     through the command interpreter ({@code /bin/sh -c} on this server)
 */
public record CommandSpec(String commandId, String command, List<String> arguments, boolean skipCmdShell) {

    public CommandSpec {
        Objects.requireNonNull(command, "command");
        arguments = List.copyOf(arguments);
    }

    /** A command for the command interpreter with a generated id. */
    public static CommandSpec of(String command, String... arguments) {
        return new CommandSpec(null, command, List.of(arguments), false);
    }

    /**
     * The command line as Windows hands it to {@code cmd /c}: command and arguments joined with single spaces,
     * without added quoting.
     */
    /** The command and its arguments as the client sent them, for audit records. */
    public List<String> argvForAudit() {
        List<String> argv = new java.util.ArrayList<>(arguments.size() + 1);
        argv.add(command);
        argv.addAll(arguments);
        return List.copyOf(argv);
    }

    public String commandLine() {
        if (arguments.isEmpty()) {
            return command;
        }
        return command + " " + String.join(" ", arguments);
    }
}
