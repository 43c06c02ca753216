package io.openwinrm.server.shell;

import java.util.concurrent.CompletableFuture;

/**
 * What a shell of another kind keeps beside the WinRS machinery (a PowerShell shell's runspace pool): told when the
 * shell is disconnected or reconnected ([MS-WSMV] 3.1.4.15-17) and closed with the shell, whatever closes it
 * (Delete, idle or run-time reclaim, server stop). Methods are called without the shell's lock held, must not block
 * long and must not throw.
 */
public interface ShellAttachment {

    /** The shell was disconnected: pending receives should complete now, output stays buffered. */
    default void disconnected() {
    }

    /** The shell was reconnected or connected to. */
    default void reconnected() {
    }

    /**
     * The shell closed: release everything (processes, buffers). Called once, on the closing thread: what takes
     * time (waiting for a process to exit) happens in the background.
     *
     * @return completes when everything is released (the shell counts as reaped only then); never exceptionally
     */
    CompletableFuture<Void> close();
}
