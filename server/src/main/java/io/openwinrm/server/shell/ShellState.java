package io.openwinrm.server.shell;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a shell. CREATED → ACTIVE once the manager admitted it; ACTIVE → CLOSED on Delete, idle timeout,
 * MaxShellRunTime or server stop. A DISCONNECTED state ([MS-WSMV] 3.1.4.15) will sit between ACTIVE and CLOSED.
 */
public enum ShellState {
    CREATED,
    ACTIVE,
    CLOSED;

    /** The states from which this state may be entered. */
    public Set<ShellState> predecessors() {
        return switch (this) {
            case CREATED -> EnumSet.noneOf(ShellState.class);
            case ACTIVE -> EnumSet.of(CREATED);
            case CLOSED -> EnumSet.of(CREATED, ACTIVE);
        };
    }
}
