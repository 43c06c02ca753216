package io.openwinrm.server.command;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * One long-lived command interpreter (a POSIX shell) that runs command lines one after the other <em>in itself</em>,
 * so that the working directory, variables, functions and aliases persist from one command to the next: the
 * OpenWinRM login shell ({@code ResourceUris.LOGIN_SHELL}). Obtained from {@link ProcessLauncher#startInterpreter}.
 * Thread-safe.
 */
public interface Interpreter {

    /** Process id of the interpreter (leader of its own process group). */
    long pid();

    /**
     * Runs {@code commandLine} in the interpreter, verbatim as {@code sh -c} would parse it, with its own stdin,
     * stdout and stderr. The returned process completes {@link LaunchedProcess#onExit()} with the command's
     * {@code $?}, or with the interpreter's exit code if the command made the interpreter exit. Signals reach the
     * command's processes, never the interpreter.
     *
     * @throws IllegalStateException if the previous command has not finished yet
     * @throws IOException           if the interpreter has exited or the command could not be handed to it
     */
    LaunchedProcess run(String commandLine) throws IOException;

    /** Whether the interpreter process is still running. */
    boolean isAlive();

    /** Completes with the interpreter's exit code once it has exited and been reaped. Never exceptionally. */
    CompletableFuture<Integer> onExit();

    /** Kills the interpreter and every process it started, and releases its files. Idempotent. */
    void destroy();
}
