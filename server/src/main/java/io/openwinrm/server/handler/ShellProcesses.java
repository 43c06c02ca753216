package io.openwinrm.server.handler;

import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.psrp.PowerShellSession;
import io.openwinrm.server.shell.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The processes of a shell as {@code rsp:ProcessId} and {@code rsp:MemoryUsed} report them ([MS-WSMV] 2.2.4.37).
 * Windows reports its shell host process and that process's memory; a shell here is its supervisor (when the sandbox
 * has one), its login shell's interpreter, or its commands' processes.
 */
final class ShellProcesses {

    private static final long MIB = 1024 * 1024;

    private ShellProcesses() {
    }

    /**
     * The shell's own process: its supervisor, else its interpreter, else its oldest running command's process;
     * empty while a cmd shell without a supervisor runs nothing.
     */
    static OptionalLong processId(Shell shell) {
        OptionalLong supervisor = shell.context().sandbox().supervisorPid();
        if (supervisor.isPresent()) {
            return supervisor;
        }
        OptionalLong interpreter = shell.interpreterPid();
        if (interpreter.isPresent()) {
            return interpreter;
        }
        OptionalLong engine = shell.attachment(PowerShellSession.class).map(PowerShellSession::processId)
                .orElse(OptionalLong.empty());
        if (engine.isPresent()) {
            return engine;
        }
        for (RunningCommand c : shell.commands()) {
            if (c.isProcessRunning() && c.pid().isPresent()) {
                return c.pid();
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The memory of the shell's processes in whole MiB, rounded up, as Windows writes it ({@code 46MB}): what the
     * kernel accounts to the shell's control group, else the resident memory ({@code VmRSS}) of its supervisor,
     * interpreter and running commands with all their descendants; {@code 0MB} when none runs.
     */
    static String memoryUsed(Shell shell) {
        OptionalLong accounted = shell.context().sandbox().memoryBytes();
        long bytes = accounted.isPresent() ? accounted.getAsLong() : residentBytes(shell);
        return (bytes + MIB - 1) / MIB + "MB";
    }

    private static long residentBytes(Shell shell) {
        Set<Long> pids = new LinkedHashSet<>();
        shell.context().sandbox().supervisorPid().ifPresent(pids::add);
        shell.interpreterPid().ifPresent(pids::add);
        shell.attachment(PowerShellSession.class).ifPresent(ps -> ps.processId().ifPresent(pids::add));
        for (RunningCommand c : shell.commands()) {
            if (c.isProcessRunning()) {
                c.pid().ifPresent(pids::add);
            }
        }
        Set<Long> all = new LinkedHashSet<>(pids);
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> all.add(d.pid())));
        }
        long sum = 0;
        for (long pid : all) {
            sum += vmRss(pid);
        }
        return sum;
    }

    /** {@code VmRSS} of {@code /proc/<pid>/status} in bytes; 0 when gone, unreadable or a kernel thread. */
    static long vmRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).strip().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
