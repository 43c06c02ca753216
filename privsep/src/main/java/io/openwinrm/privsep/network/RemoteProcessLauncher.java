package io.openwinrm.privsep.network;

import io.openwinrm.os.LoginShells;
import io.openwinrm.privsep.network.MonitorClient.MonitorRefusal;
import io.openwinrm.privsep.wire.MonitorMessage;
import io.openwinrm.privsep.wire.MonitorMessage.Answer;
import io.openwinrm.privsep.wire.MonitorMessage.CanEnter;
import io.openwinrm.privsep.wire.MonitorMessage.Launch;
import io.openwinrm.privsep.wire.MonitorMessage.Launched;
import io.openwinrm.privsep.wire.MonitorMessage.StartInterpreter;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.command.Interpreter;
import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.command.TerminalSpec;
import io.openwinrm.server.identity.OsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts commands through the monitor: the spec names the shell (its {@link RemoteSandbox}), the argv, the working
 * directory and the environment; the monitor decides the account and judges everything again, starts the process,
 * and hands over its descriptors. The spec's identity is ignored: it is not this side's to choose.
 */
public final class RemoteProcessLauncher implements ProcessLauncher {

    private final MonitorClient monitor;

    public RemoteProcessLauncher(MonitorClient monitor) {
        this.monitor = monitor;
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws IOException {
        String shell = shell(spec);
        MonitorClient.Received r = call(spec, id -> new Launch(id, shell, spec.argv(), spec.cwd().toString(),
                spec.env(), Optional.empty()));
        Launched launched = (Launched) r.reply();
        return RemoteProcess.piped(monitor, launched.process(), launched.pid(), r.fds());
    }

    @Override
    public LaunchedProcess launchInTerminal(LaunchSpec spec, TerminalSpec terminal) throws IOException {
        String shell = shell(spec);
        MonitorClient.Received r = call(spec, id -> new Launch(id, shell, spec.argv(), spec.cwd().toString(),
                spec.env(), Optional.of(new MonitorMessage.Terminal(terminal.term(), terminal.columns(),
                        terminal.rows()))));
        Launched launched = (Launched) r.reply();
        return RemoteProcess.terminal(monitor, launched.process(), launched.pid(), r.fds());
    }

    @Override
    public Interpreter startInterpreter(LaunchSpec spec) throws IOException {
        String shell = shell(spec);
        MonitorClient.Received r = call(spec, id -> new StartInterpreter(id, shell, spec.argv(),
                spec.cwd().toString(), spec.env()));
        Launched launched = (Launched) r.reply();
        return new RemoteInterpreter(monitor, launched.process(), launched.pid());
    }

    @Override
    public Path loginShell(String account) {
        return LoginShells.of(account);
    }

    @Override
    public boolean canEnter(Optional<OsIdentity> account, Sandbox sandbox, Path dir) {
        if (!(sandbox instanceof RemoteSandbox remote)) {
            return Files.isDirectory(dir);
        }
        try {
            return ((Answer) monitor.call(id -> new CanEnter(id, remote.handle(), dir.toString())).reply()).value();
        } catch (IOException e) {
            return false;
        }
    }

    private MonitorClient.Received call(LaunchSpec spec, java.util.function.LongFunction<MonitorMessage.Request> r)
            throws IOException {
        try {
            return monitor.call(r);
        } catch (MonitorRefusal e) {
            switch (e.kind()) {
                case NO_SUCH_PROGRAM -> throw new NoSuchFileException(spec.argv().get(0));
                case ACCESS_DENIED -> throw new AccessDeniedException(e.getMessage());
                default -> throw new IOException(e.getMessage(), e);
            }
        }
    }

    private static String shell(LaunchSpec spec) throws IOException {
        if (!(spec.sandbox() instanceof RemoteSandbox remote)) {
            throw new IOException("a shell the monitor did not open cannot start processes");
        }
        return remote.handle();
    }
}
