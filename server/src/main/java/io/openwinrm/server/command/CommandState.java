package io.openwinrm.server.command;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a command. Only the transitions below are legal; {@link RunningCommand} checks every one.
 *
 * <pre>
 * PENDING ─launched─▶ RUNNING ─exit seen, pipes at EOF─▶ DONE ─Done received─▶ DELIVERED ─terminate─▶ REMOVED
 *    └──────────────────┴──────────────── shell closed / launch failed ─────────┴──────────────▶ REMOVED
 * </pre>
 *
 * On the wire RUNNING and DONE are both reported as CommandState/Running until the final batch, which carries
 * CommandState/Done ([MS-WSMV] 2.2.4.9).
 */
public enum CommandState {
    /** Accepted, process not yet started. */
    PENDING,
    /** Process started; it may still be running or its output may still be flowing. */
    RUNNING,
    /** The process exited and both output pipes reached end of file; buffered output may remain. */
    DONE,
    /** A receive reported Done with the exit code; further receives find no command. */
    DELIVERED,
    /** Discarded: terminated after Done, or its shell was closed. */
    REMOVED;

    /** The states from which this state may be entered. */
    public Set<CommandState> predecessors() {
        return switch (this) {
            case PENDING -> EnumSet.noneOf(CommandState.class);
            case RUNNING -> EnumSet.of(PENDING);
            case DONE -> EnumSet.of(RUNNING);
            case DELIVERED -> EnumSet.of(DONE);
            case REMOVED -> EnumSet.of(PENDING, RUNNING, DONE, DELIVERED);
        };
    }
}
