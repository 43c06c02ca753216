package io.openwinrm.server.command;

import io.openwinrm.server.identity.OsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

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
     * The sandbox of one shell: called once per shell, before its first command. A launcher that runs commands as
     * other accounts must make sure that no process of the shell outlives it, nor the server.
     *
     * @throws IOException if what {@code spec} asks cannot be provided (the shell is then refused, never run
     *                     without it); by default whenever it asks for anything ({@link SandboxSpec#needsOperatingSystem()})
     */
    default Sandbox createSandbox(SandboxSpec spec) throws IOException {
        if (spec.needsOperatingSystem()) {
            throw new IOException(getClass().getSimpleName() + " cannot enforce limits or make private namespaces");
        }
        return Sandbox.NONE;
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

    /**
     * Whether a process started as {@code account} (empty: the server's own account) could make {@code dir} its
     * working directory. A switching server must judge it as the account would, never with its own privileges, so
     * that a directory the account cannot reach and one that does not exist give the same answer (the answer must not
     * reveal anything the account could not see). By default the server's own view.
     *
     * @param sandbox the sandbox of the shell that asks (a privilege-separated server's network side names the shell
     *                to its monitor through it)
     */
    default boolean canEnter(Optional<OsIdentity> account, Sandbox sandbox, Path dir) {
        return Files.isDirectory(dir);
    }
}
