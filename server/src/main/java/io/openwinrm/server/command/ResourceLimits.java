package io.openwinrm.server.command;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-shell limits an endpoint imposes, enforced by the operating system (WinRM's MaxProcessesPerShell and
 * MaxMemoryPerShellMB, [MS-WSMV] 2.2.4.42 Winrs; plus a deadline per command).
 *
 * @param maxProcesses  most processes (tasks) alive at once in the shell, all commands together; 0 for no limit
 * @param maxMemoryMb   most memory in MiB the shell's processes may use together; 0 for no limit
 * @param deadline      how long one command may run before it is killed; empty for no limit
 */
public record ResourceLimits(int maxProcesses, long maxMemoryMb, Optional<Duration> deadline) {

    public static final ResourceLimits NONE = new ResourceLimits(0, 0, Optional.empty());

    public ResourceLimits {
        if (maxProcesses < 0 || maxMemoryMb < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        deadline.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("deadline must be positive");
            }
        });
    }

    /** Whether the operating system has anything to enforce (the deadline is the server's own timer). */
    public boolean needsSandbox() {
        return maxProcesses > 0 || maxMemoryMb > 0;
    }
}
