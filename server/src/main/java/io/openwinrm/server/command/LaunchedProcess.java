package io.openwinrm.server.command;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A process started by a {@link ProcessLauncher}, leader of its own process group (so that signals reach every
 * process it spawned). Thread-safe.
 */
public interface LaunchedProcess {

    /** Process id; equal to the id of the process group the process leads. */
    long pid();

    /** The child's standard input; the command runtime is its only writer and closes it. */
    OutputStream stdin();

    /** The child's standard output; read by exactly one pump thread. */
    InputStream stdout();

    /** The child's standard error; read by exactly one pump thread. */
    InputStream stderr();

    /**
     * Completes, once the process has exited and been reaped, with its exit code: the code passed to
     * {@code exit()}, or {@code 128 + n} if signal {@code n} killed it (as POSIX shells report it). Never completes
     * exceptionally. Callbacks may run on a reaper thread and must not block.
     */
    CompletableFuture<Integer> onExit();

    /**
     * Sends {@code signal} to the whole process group. A group that no longer exists is not an error.
     */
    void signalGroup(ProcessSignal signal);

    /** Kills the whole process group ({@link ProcessSignal#KILL}) and releases the pipes. Idempotent. */
    void destroyGroup();

    /**
     * Sets the window size of the process's pseudo-terminal (TIOCSWINSZ; the kernel sends SIGWINCH to the
     * foreground job).
     *
     * @return false if the process has no terminal (the default)
     */
    default boolean resizeTerminal(int columns, int rows) {
        return false;
    }
}
