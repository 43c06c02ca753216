package io.openwinrm.client;

import io.openwinrm.protocol.shell.BufferMode;
import io.openwinrm.protocol.shell.ConnectionState;
import io.openwinrm.protocol.shell.DroppedOutput;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The service's view of one shell of the caller, from a Get or an Enumerate of the shell resource ([MS-WSMV] 3.1.4.2.1,
 * 3.1.4.8; {@code rsp:Shell} 2.2.4.37). What the service did not report is empty or null.
 *
 * @param shellId         the ShellId
 * @param name            {@code rsp:Name}, or null
 * @param resourceUri     the shell's resource URI, or null
 * @param owner           the account that owns the shell, or null
 * @param clientIp        the address of the client that created or last connected to it, or null
 * @param state           connected or disconnected ([MS-WSMV] 3.1.4.15), if reported
 * @param idleTimeout     the IdleTimeOut in force (while disconnected: the Disconnect request's)
 * @param bufferMode      what a full buffer does while disconnected
 * @param shellRunTime    how long the shell has existed
 * @param shellInactivity how long since it was last used
 * @param childProcesses  running commands, if reported
 * @param droppedOutput   output discarded while disconnected in {@link BufferMode#DROP} mode (OpenWinRM services)
 */
public record ShellInfo(String shellId, String name, String resourceUri, String owner, String clientIp,
        Optional<ConnectionState> state, Optional<Duration> idleTimeout, Optional<BufferMode> bufferMode,
        Optional<Duration> shellRunTime, Optional<Duration> shellInactivity, OptionalInt childProcesses,
        List<DroppedOutput> droppedOutput) {

    public ShellInfo {
        Objects.requireNonNull(shellId, "shellId");
        state = state == null ? Optional.empty() : state;
        idleTimeout = idleTimeout == null ? Optional.empty() : idleTimeout;
        bufferMode = bufferMode == null ? Optional.empty() : bufferMode;
        shellRunTime = shellRunTime == null ? Optional.empty() : shellRunTime;
        shellInactivity = shellInactivity == null ? Optional.empty() : shellInactivity;
        childProcesses = childProcesses == null ? OptionalInt.empty() : childProcesses;
        droppedOutput = List.copyOf(droppedOutput == null ? List.of() : droppedOutput);
    }

    /** Whether the service reports the shell as disconnected (waiting for Reconnect or Connect). */
    public boolean isDisconnected() {
        return state.orElse(null) == ConnectionState.DISCONNECTED;
    }

    /** Converts the decoded {@code rsp:Shell}. */
    static ShellInfo of(io.openwinrm.protocol.shell.ShellInfo s) {
        if (s.shellId() == null || s.shellId().isBlank()) {
            throw new WinRmTransportException("the service described a shell without a ShellId");
        }
        return new ShellInfo(s.shellId(), s.name(), s.resourceUri(), s.owner(), s.clientIp(), s.state(),
                s.idleTimeout(), s.bufferMode(), s.shellRunTime(), s.shellInactivity(), s.childProcesses(),
                s.droppedOutput());
    }
}
