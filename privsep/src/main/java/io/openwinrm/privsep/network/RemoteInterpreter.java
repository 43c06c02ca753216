package io.openwinrm.privsep.network;

import io.openwinrm.privsep.wire.MonitorMessage.DestroyProcess;
import io.openwinrm.privsep.wire.MonitorMessage.Launched;
import io.openwinrm.privsep.wire.MonitorMessage.RunInInterpreter;
import io.openwinrm.server.command.Interpreter;
import io.openwinrm.server.command.LaunchedProcess;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** A login-shell interpreter the monitor runs; each command line's pipes are handed over like a process's. */
final class RemoteInterpreter implements Interpreter {

    private final MonitorClient monitor;
    private final String handle;
    private final long pid;
    private final CompletableFuture<Integer> exit;

    RemoteInterpreter(MonitorClient monitor, String handle, long pid) {
        this.monitor = monitor;
        this.handle = handle;
        this.pid = pid;
        this.exit = monitor.exitOf(handle);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public LaunchedProcess run(String commandLine) throws IOException {
        MonitorClient.Received r = monitor.call(id -> new RunInInterpreter(id, handle, commandLine));
        Launched launched = (Launched) r.reply();
        return RemoteProcess.piped(monitor, launched.process(), launched.pid(), r.fds());
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    @Override
    public void destroy() {
        monitor.callAsync(id -> new DestroyProcess(id, handle)).exceptionally(e -> null);
    }
}
