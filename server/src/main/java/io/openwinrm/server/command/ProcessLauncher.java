package io.openwinrm.server.command;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Service-provider interface that turns a {@link LaunchSpec} into an operating-system process. The production
 * implementation is {@code io.openwinrm.os.LocalProcessLauncher} (module server-os); tests may substitute their own.
 *
 * <p>Implementations must be thread-safe: commands of different shells are launched concurrently.
 */
@FunctionalInterface
public interface ProcessLauncher {

    /** The interpreter used when an account has no (usable) login shell. */
    Path FALLBACK_SHELL = Path.of("/bin/sh");

    /**
     * Starts a process in a new process group whose id equals the process id.
     *
     * @param spec what to run; never null
     * @return the running process; never null
     * @throws NoSuchFileException if {@code argv[0]} cannot be found or is not executable (the caller reports it as
     *                             a missing program, [MS-WSMV] 3.1.4.11 with SKIP_CMD_SHELL)
     * @throws IOException         if the process could not be started for any other reason
     */
    LaunchedProcess launch(LaunchSpec spec) throws IOException;

    /**
     * Starts a process as the leader of a new session whose controlling terminal is a new pseudo-terminal: stdin,
     * stdout and stderr are the terminal, so {@link LaunchedProcess#stdout()} carries everything the terminal shows,
     * {@link LaunchedProcess#stderr()} is empty, and {@link LaunchedProcess#stdin()} types keystrokes. On the
     * returned process {@link ProcessSignal#INTERRUPT} and {@link ProcessSignal#QUIT} are the terminal's own
     * (the VINTR and VQUIT characters written to it), {@code TERMINATE} and {@code KILL} reach the whole session.
     * The environment gets {@code TERM}, {@code COLUMNS} and {@code LINES} from {@code terminal}.
     *
     * @throws NoSuchFileException as for {@link #launch}
     * @throws IOException         if no terminal can be allocated or the process cannot start; by default always
     */
    default LaunchedProcess launchInTerminal(LaunchSpec spec, TerminalSpec terminal) throws IOException {
        throw new IOException(getClass().getSimpleName() + " cannot allocate pseudo-terminals");
    }

    /**
     * Starts a long-lived command interpreter (argv of {@code spec}: a POSIX shell, non-interactive) in its own
     * process group. See {@link Interpreter}.
     *
     * @throws IOException if it cannot start; by default always
     */
    default Interpreter startInterpreter(LaunchSpec spec) throws IOException {
        throw new IOException(getClass().getSimpleName() + " cannot run stateful interpreters");
    }

    /**
     * A sandbox for one shell's processes that enforces {@code limits} (all its commands together). Called once per
     * shell when the endpoint sets limits.
     *
     * @param name   a name unique among open shells (the ShellId)
     * @param limits what to enforce
     * @throws IOException if the limits cannot be enforced at all (the shell is then refused, never run unlimited);
     *                     by default always
     */
    default Sandbox createSandbox(String name, ResourceLimits limits) throws IOException {
        throw new IOException(getClass().getSimpleName() + " cannot enforce resource limits");
    }

    /**
     * Like {@link #createSandbox(String, ResourceLimits)}, and with {@code privateProcessView} the shell's processes
     * see only their own account's processes in the process table (a {@code /proc} that hides the others).
     *
     * @throws IOException if either cannot be provided; by default whenever {@code privateProcessView} is asked for
     */
    default Sandbox createSandbox(String name, ResourceLimits limits, boolean privateProcessView)
            throws IOException {
        if (privateProcessView) {
            throw new IOException(getClass().getSimpleName() + " cannot hide other users' processes");
        }
        return createSandbox(name, limits);
    }

    /**
     * The login shell of {@code account} from the passwd database, or {@link #FALLBACK_SHELL} when the account or
     * its shell is unknown. Never null.
     *
     * @param account the shell owner (an authenticated principal name; a {@code DOMAIN\} prefix or {@code @REALM}
     *                suffix may have to be stripped by the implementation)
     */
    default Path loginShell(String account) {
        return FALLBACK_SHELL;
    }
}
