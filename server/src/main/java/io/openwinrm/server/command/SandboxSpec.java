package io.openwinrm.server.command;

import java.util.Objects;
import java.util.Optional;

/**
 * What the operating-system sandbox of one shell must provide ({@link ProcessLauncher#createSandbox(SandboxSpec)}).
 *
 * @param name                    unique among open shells; letters, digits, {@code .}, {@code _} and {@code -}
 * @param limits                  the endpoint's per-shell limits
 * @param hideOtherUsersProcesses a process table that shows the shell's account only its own processes
 * @param privateTemporaryFiles   private, empty {@code /tmp}, {@code /var/tmp}, {@code /dev/shm} and System V / POSIX
 *                                IPC, gone with the shell (temporary accounts: nothing one leaves reaches the next)
 * @param containEveryProcess     find every process of the shell, even one that left its process group and session (a
 *                                control group): for shells of accounts that are not administrators, whose processes
 *                                must not outlive the shell or the server; elsewhere the commands' process groups are
 *                                tracked, which costs no extra link in the launch chain
 * @param credentials             delegated credentials to give the shell's commands (a private credential cache and
 *                                {@code KRB5CCNAME}), removed with the shell
 */
public record SandboxSpec(String name, ResourceLimits limits, boolean hideOtherUsersProcesses,
                          boolean privateTemporaryFiles, boolean containEveryProcess,
                          Optional<ShellCredentials> credentials) {

    public SandboxSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** Without delegated credentials. */
    public SandboxSpec(String name, ResourceLimits limits, boolean hideOtherUsersProcesses,
                       boolean privateTemporaryFiles, boolean containEveryProcess) {
        this(name, limits, hideOtherUsersProcesses, privateTemporaryFiles, containEveryProcess, Optional.empty());
    }

    /** Whether anything beyond a supervisor is asked for. */
    public boolean needsOperatingSystem() {
        return limits.needsSandbox() || hideOtherUsersProcesses || privateTemporaryFiles;
    }
}
