package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessSignal;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Process} started through {@code setsid}: its pid is also its process group id. */
final class LocalProcess implements LaunchedProcess {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcess.class);

    private final Process process;
    private final CompletableFuture<Integer> exit;

    LocalProcess(Process process) {
        this.process = process;
        // The JDK reports death by signal n as 128 + n, like POSIX shells.
        this.exit = process.onExit().thenApply(Process::exitValue);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    /**
     * {@code kill(-pgid, sig)}. Right after the launch, before {@code setsid} has run, the group does not exist yet
     * (ESRCH); the process itself is then signalled, which is the whole group-to-be.
     */
    @Override
    public void signalGroup(ProcessSignal signal) {
        int number = PosixSignal.number(signal);
        int pid = Math.toIntExact(process.pid());
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
