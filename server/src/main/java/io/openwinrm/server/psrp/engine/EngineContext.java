package io.openwinrm.server.psrp.engine;

import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.shell.ShellContext;
import java.util.Objects;
import java.util.UUID;

/**
 * What an engine is opened with.
 *
 * @param poolId          the runspace pool id: the ShellId the client chose
 * @param shell           the shell's endpoint, caller, OS account, sandbox and (restricted endpoints) command policy
 * @param launcher        starts processes as {@code shell.runAs()} inside {@code shell.sandbox()} (privilege-separated
 *                        servers: through the monitor)
 * @param maxFragmentSize the largest fragment (header included) the engine may emit, derived from the client's
 *                        MaxEnvelopeSize so that a fragment fits one Receive response
 */
public record EngineContext(UUID poolId, ShellContext shell, ProcessLauncher launcher, int maxFragmentSize) {

    public EngineContext {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(shell, "shell");
        Objects.requireNonNull(launcher, "launcher");
        if (maxFragmentSize < 64) {
            throw new IllegalArgumentException("maxFragmentSize must be at least 64: " + maxFragmentSize);
        }
    }
}
