package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessSignal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Process} started through {@code setsid}: its pid is also its process group id. Its stdio are the JDK's
 * pipes, or (for a monitor that hands them on) pipes of our own whose ends are {@link ExportedDescriptors}.
 */
final class LocalProcess implements LaunchedProcess, ExportedDescriptors {

    private static final long GROUP_WAIT_NANOS = 500_000_000L;
    /** Signal numbers this process ignores, which its children inherit until their chain restores them. */
    private static final java.util.Set<Integer> INHERITED_IGNORED = IgnoredSignals.inThisProcess().stream()
            .map(name -> name.equals("INT") ? 2 : 3).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Set once the child was seen leading its own process group (it never stops doing so). */
    private volatile boolean groupLeader;

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcess.class);

    private final Process process;
    private final CompletableFuture<Integer> exit;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final int[] descriptors;

    LocalProcess(Process process) {
        this(process, process.getOutputStream(), process.getInputStream(), process.getErrorStream(), new int[0]);
    }

    /** With our own pipe ends {@code [stdin, stdout, stderr]} (the streams own them). */
    LocalProcess(Process process, OutputStream stdin, InputStream stdout, InputStream stderr, int[] descriptors) {
        this.process = process;
        // The JDK reports death by signal n as 128 + n, like POSIX shells.
        this.exit = process.onExit().thenApply(Process::exitValue);
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.descriptors = descriptors.clone();
    }

    @Override
    public int[] descriptors() {
        return descriptors.clone();
    }

    @Override
    public void releaseDescriptors() {
        for (java.io.Closeable c : new java.io.Closeable[] {stdin, stdout, stderr}) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing our copy only
            }
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    /**
     * {@code kill(-pgid, sig)}. Right after the launch the child may still be {@code jspawnhelper} or {@code setsid}
     * before its {@code setsid(2)}: signalling only the pid then could hit the shell after it became the group leader
     * but miss the children it has already started. So first wait (briefly, bounded) until the child leads its own
     * process group, then signal the group; only if it never does is the process itself signalled.
     */
    @Override
    public void signalGroup(ProcessSignal signal) {
        int number = PosixSignal.number(signal);
        int pid = Math.toIntExact(process.pid());
        if (!process.isAlive() && ProcessTable.numberReused(pid)) {
            LOG.debug("not signalling group {}: its leader was reaped and the number is in use again", pid);
            return;
        }
        awaitGroupLeader(pid);
        awaitSignalRestored(pid, number);
        try {
            LibC.INSTANCE.kill(-pid, number);
        } catch (LastErrorException groupError) {
            if (groupError.getErrorCode() != LibC.ESRCH) {
                LOG.warn("kill(-{}, {}) failed: errno {}", pid, number, groupError.getErrorCode());
                return;
            }
            if (process.isAlive()) {
                try {
                    LibC.INSTANCE.kill(pid, number);
                } catch (LastErrorException ignored) {
                    // exited meanwhile
                }
            }
        }
    }

    /**
     * When this server runs with SIGINT or SIGQUIT ignored (started in the background), its children inherit that
     * until the launch chain's last link restores the default ({@link LaunchChain}); a signal sent in between would be
     * lost — a {@code ctrl_c} right after the Command. So wait (bounded, 500 ms) until the leader no longer ignores
     * it; a program that ignores it on purpose is signalled anyway after the wait.
     */
    private void awaitSignalRestored(int pid, int number) {
        if (!INHERITED_IGNORED.contains(number)) {
            return;
        }
        long deadline = System.nanoTime() + GROUP_WAIT_NANOS;
        Path status = Path.of("/proc", Integer.toString(pid), "status");
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                long ignored = 0;
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("SigIgn:")) {
                        ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
                        break;
                    }
                }
                if ((ignored & (1L << (number - 1))) == 0) {
                    return;
                }
                Thread.sleep(1);
            } catch (IOException | RuntimeException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Polls {@code /proc/PID/stat} until the process group id equals the pid, the process is gone, or 500 ms pass. */
    private void awaitGroupLeader(int pid) {
        if (groupLeader) {
            return;
        }
        long deadline = System.nanoTime() + GROUP_WAIT_NANOS;
        Path stat = Path.of("/proc", Integer.toString(pid), "stat");
        while (process.isAlive()) {
            try {
                String text = Files.readString(stat);
                // fields after "(comm)": state ppid pgrp ...
                String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ", 4);
                if (Integer.parseInt(f[2]) == pid) {
                    groupLeader = true;
                    return;
                }
            } catch (IOException | RuntimeException e) {
                return;
            }
            if (System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void destroyGroup() {
        signalGroup(ProcessSignal.KILL);
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "LocalProcess[" + process.pid() + "]";
    }
}
