package io.openwinrm.cli;

import io.openwinrm.client.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@code openwinrm session} remembers about one persistent session so that later processes can take it up: the
 * endpoint, the server's ShellId and the ids of the commands started in it whose output has not been collected to the
 * end. No credentials: every run authenticates as the other client commands do.
 *
 * @param name       the local name (also the file name)
 * @param endpoint   where the shell lives
 * @param shellId    the server's ShellId ([MS-WSMV] 3.1.4.5; the client chose it at Create)
 * @param commandIds commands started in the shell, oldest first, whose Done has not been received yet (for a
 *                   PowerShell session: pipeline ids)
 * @param powerShell for a PSSession, the runspace pool's configuration name or resource URI ([MS-PSRP]); null for a
 *                   WinRS shell
 */
record SessionHandle(String name, Endpoint endpoint, String shellId, List<String> commandIds, String powerShell) {

    /** Letters, digits, dot, dash, underscore; no leading dot; at most 64 characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    SessionHandle {
        requireValidName(name);
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(shellId, "shellId");
        commandIds = List.copyOf(commandIds == null ? List.of() : commandIds);
    }

    /** A WinRS shell's handle. */
    SessionHandle(String name, Endpoint endpoint, String shellId, List<String> commandIds) {
        this(name, endpoint, shellId, commandIds, null);
    }

    /** Whether this is a PSSession (a runspace pool) rather than a WinRS shell. */
    boolean isPowerShell() {
        return powerShell != null;
    }

    static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new CliException(ExitCodes.USAGE, "invalid session name '" + name + "': use letters, digits, '.', "
                    + "'-' and '_' (at most 64, not starting with '.')");
        }
    }

    SessionHandle withCommand(String commandId) {
        List<String> ids = new ArrayList<>(commandIds);
        ids.remove(commandId);
        ids.add(commandId);
        return new SessionHandle(name, endpoint, shellId, ids, powerShell);
    }

    SessionHandle withoutCommand(String commandId) {
        List<String> ids = new ArrayList<>(commandIds);
        ids.remove(commandId);
        return new SessionHandle(name, endpoint, shellId, ids, powerShell);
    }

    /** The most recently started command still to be collected, or null. */
    String lastCommand() {
        return commandIds.isEmpty() ? null : commandIds.get(commandIds.size() - 1);
    }
}
