package io.openwinrm.server.testing;

import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessSignal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted process backed by real kernel pipes (so back-pressure is real): the test writes its output, reads its
 * stdin and decides when it exits. TERMINATE and KILL make it exit with 128 + signal unless {@link #ignoreTerm}.
 */
public final class FakeProcess implements LaunchedProcess {

    private static long nextPid = 100_000;

    public final LaunchSpec spec;
    public final List<ProcessSignal> signals = new CopyOnWriteArrayList<>();
    public volatile boolean ignoreTerm;
    private final long pid;
    private final Pipe out;
    private final Pipe err;
    private final Pipe in;
    private final OutputStream outWriter;
    private final OutputStream errWriter;
    private final InputStream inReader;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    FakeProcess(LaunchSpec spec) {
        this.spec = spec;
        synchronized (FakeProcess.class) {
            pid = nextPid++;
        }
        try {
            out = Pipe.open();
            err = Pipe.open();
            in = Pipe.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        outWriter = Channels.newOutputStream(out.sink());
        errWriter = Channels.newOutputStream(err.sink());
        inReader = Channels.newInputStream(in.source());
    }

    public void writeOut(byte[] bytes) throws IOException {
        outWriter.write(bytes);
    }

    public void writeErr(byte[] bytes) throws IOException {
        errWriter.write(bytes);
    }

    /** What the runtime wrote to the process's stdin. */
    public InputStream stdinReader() {
        return inReader;
    }

    public void closeOutputs() {
        try {
            out.sink().close();
            err.sink().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes stdout and stderr and exits with {@code code}. */
    public void finish(int code) {
        closeOutputs();
        exit(code);
    }

    public void exit(int code) {
        try {
            in.source().close();
        } catch (IOException ignored) {
            // already closed
        }
        exit.complete(code);
    }

    public boolean exited() {
        return exit.isDone();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public OutputStream stdin() {
        return Channels.newOutputStream(in.sink());
    }

    @Override
    public InputStream stdout() {
        return Channels.newInputStream(out.source());
    }

    @Override
    public InputStream stderr() {
        return Channels.newInputStream(err.source());
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    @Override
    public void signalGroup(ProcessSignal signal) {
        signals.add(signal);
        if (signal == ProcessSignal.KILL || (signal == ProcessSignal.TERMINATE && !ignoreTerm)) {
            finish(128 + (signal == ProcessSignal.KILL ? 9 : 15));
        }
    }

    @Override
    public void destroyGroup() {
        signalGroup(ProcessSignal.KILL);
    }
}
