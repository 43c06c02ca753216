package io.openwinrm.server.shell;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a shell ([MS-WSMV] 3.1.4.5, 3.1.4.15–3.1.4.17):
 *
 * <pre>
 * CREATED ─admitted─▶ ACTIVE ─Disconnect─▶ DISCONNECTED ─Reconnect / Connect─▶ ACTIVE
 *    └─────────────────┴──────────────────────┴── Delete, idle timeout, MaxShellRunTime, server stop ──▶ CLOSED
 * </pre>
 *
 * While DISCONNECTED commands keep running and their output is buffered (paused or dropped per BufferMode), and the
 * shell's IdleTimeOut is the one of the Disconnect request.
 */
public enum ShellState {
    CREATED,
    ACTIVE,
    DISCONNECTED,
    CLOSED;

    /** The states from which this state may be entered. */
    public Set<ShellState> predecessors() {
        return switch (this) {
            case CREATED -> EnumSet.noneOf(ShellState.class);
            case ACTIVE -> EnumSet.of(CREATED, DISCONNECTED);
            case DISCONNECTED -> EnumSet.of(ACTIVE);
            case CLOSED -> EnumSet.of(CREATED, ACTIVE, DISCONNECTED);
        };
    }
}
