package io.openwinrm.server.psrp.restricted;

import io.openwinrm.server.psrp.engine.EngineContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What the restricted engine reports for audit and transcripts (anchors.md §4.3), the PowerShell counterpart of
 * the WinRS restricted endpoint's {@code commandExited}/{@code commandRefused} events: every command a pipeline
 * ran or refused, with the argv as executed. Implementations must be thread-safe, return quickly and never throw.
 */
public interface RestrictedAudit {

    /** Records nothing. */
    RestrictedAudit NONE = new RestrictedAudit() {
    };

    /** A runspace pool opened (INIT_RUNSPACEPOOL accepted). */
    default void poolOpened(EngineContext context) {
    }

    /** A command started: a program as executed, or a built-in with its arguments. */
    default void commandStarted(EngineContext context, UUID pipelineId, List<String> argv) {
    }

    /**
     * A command ended.
     *
     * @param exitCode a program's exit code; 0 for a built-in, -1 when stopped before it exited on its own
     */
    default void commandEnded(EngineContext context, UUID pipelineId, List<String> argv, int exitCode, long bytesIn,
            long bytesOut, Duration duration, String how) {
    }

    /** A command was refused; nothing was started. */
    default void commandRefused(EngineContext context, UUID pipelineId, List<String> argv, String rule,
            String reason) {
    }

    /** The pool closed. */
    default void poolClosed(EngineContext context) {
    }
}
