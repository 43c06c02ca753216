package io.openwinrm.server.command;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Service-provider interface that turns a {@link LaunchSpec} into an operating-system process. The production
 * implementation is {@code io.openwinrm.os.LocalProcessLauncher} (module server-os); tests may substitute their own.
 *
 * <p>Implementations must be thread-safe: commands of different shells are launched concurrently.
 */
@FunctionalInterface
public interface ProcessLauncher {

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
}
