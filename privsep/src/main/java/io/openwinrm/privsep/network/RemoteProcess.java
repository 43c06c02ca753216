package io.openwinrm.privsep.network;

import io.openwinrm.os.PtyMaster;
import io.openwinrm.os.ipc.Pipes;
import io.openwinrm.privsep.wire.MonitorMessage.DestroyProcess;
import io.openwinrm.privsep.wire.MonitorMessage.SignalProcess;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessSignal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process the monitor started and handed over: this side reads and writes its pipes (or its terminal's master)
 * directly; signals and kills go through the monitor, which alone may signal another account's processes; the exit
 * status arrives as the monitor's event.
 */
class RemoteProcess implements LaunchedProcess {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteProcess.class);
    private static final byte VINTR = 0x03;
    private static final byte VQUIT = 0x1c;

    private final MonitorClient monitor;
    private final String handle;
    private final long pid;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final PtyMaster terminal;
    private final CompletableFuture<Integer> exit;

    private RemoteProcess(MonitorClient monitor, String handle, long pid, OutputStream stdin, InputStream stdout,
                          InputStream stderr, PtyMaster terminal) {
        this.monitor = monitor;
        this.handle = handle;
        this.pid = pid;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.terminal = terminal;
        this.exit = monitor.exitOf(handle);
    }

    /** With pipes {@code [stdin, stdout, stderr]}. */
    static RemoteProcess piped(MonitorClient monitor, String handle, long pid, int[] fds) throws IOException {
        if (fds.length != 3) {
            closeAll(fds);
            throw new IOException("the monitor handed over " + fds.length + " descriptors for a process, not 3");
        }
        return new RemoteProcess(monitor, handle, pid, Pipes.output(fds[0]), Pipes.input(fds[1]),
                Pipes.input(fds[2]), null);
    }

    /** Under a pseudo-terminal whose master is {@code fds[0]}. */
    static RemoteProcess terminal(MonitorClient monitor, String handle, long pid, int[] fds) throws IOException {
        if (fds.length != 1) {
            closeAll(fds);
            throw new IOException("the monitor handed over " + fds.length + " descriptors for a terminal, not 1");
        }
        PtyMaster master = PtyMaster.adopt(fds[0]);
        return new RemoteProcess(monitor, handle, pid, master.output(), master.input(),
                InputStream.nullInputStream(), master);
    }

    private static void closeAll(int[] fds) {
        for (int fd : fds) {
            io.openwinrm.os.ipc.UnixSocket.quietClose(fd);
        }
    }

    @Override
    public long pid() {
        return pid;
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

    @Override
    public void signalGroup(ProcessSignal signal) {
        if (terminal != null && (signal == ProcessSignal.INTERRUPT || signal == ProcessSignal.QUIT)) {
            try {
                stdin.write(new byte[] {signal == ProcessSignal.INTERRUPT ? VINTR : VQUIT});
                stdin.flush();
            } catch (IOException closed) {
                // the terminal is gone with the process
            }
            return;
        }
        monitor.callAsync(id -> new SignalProcess(id, handle, signal.name())).exceptionally(e -> {
            LOG.debug("signal {} to {} not delivered: {}", signal, handle, e.getMessage());
            return null;
        });
    }

    @Override
    public void destroyGroup() {
        monitor.callAsync(id -> new DestroyProcess(id, handle)).exceptionally(e -> null);
        if (terminal != null) {
            terminal.close();
        }
    }

    @Override
    public boolean resizeTerminal(int columns, int rows) {
        return terminal != null && terminal.resize(columns, rows);
    }

    @Override
    public String toString() {
        return "RemoteProcess[" + pid + ", " + handle + "]";
    }
}
