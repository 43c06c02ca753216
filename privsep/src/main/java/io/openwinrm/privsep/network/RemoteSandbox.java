package io.openwinrm.privsep.network;

import io.openwinrm.privsep.wire.MonitorMessage.CloseShell;
import io.openwinrm.privsep.wire.MonitorMessage.KillAll;
import io.openwinrm.privsep.wire.MonitorMessage.SandboxState;
import io.openwinrm.privsep.wire.MonitorMessage.SandboxStatus;
import io.openwinrm.server.command.Sandbox;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shell as the monitor holds it: its handle names the shell in every launch, and closing it has the monitor
 * close the shell (its supervisor kills what is left, a temporary account is removed).
 */
public final class RemoteSandbox implements Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteSandbox.class);

    private final MonitorClient monitor;
    private final String shell;
    private final boolean limited;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param limited whether the endpoint sets limits (else no limit can be hit, and nobody is asked) */
    RemoteSandbox(MonitorClient monitor, String shell, boolean limited) {
        this.monitor = monitor;
        this.shell = shell;
        this.limited = limited;
    }

    /** The monitor's handle of the shell. */
    public String handle() {
        return shell;
    }

    MonitorClient monitor() {
        return monitor;
    }

    @Override
    public long limitEvents() {
        return limited ? state().map(SandboxState::limitEvents).orElse(0L) : 0L;
    }

    @Override
    public Optional<String> limitHit() {
        return limited ? state().flatMap(SandboxState::limitHit) : Optional.empty();
    }

    private Optional<SandboxState> state() {
        try {
            return Optional.of((SandboxState) monitor.call(id -> new SandboxStatus(id, shell)).reply());
        } catch (IOException | ClassCastException e) {
            LOG.debug("no sandbox state for {}: {}", shell, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void killAll() {
        try {
            monitor.call(id -> new KillAll(id, shell));
        } catch (IOException e) {
            LOG.warn("the monitor did not kill the processes of {}: {}", shell, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                monitor.call(id -> new CloseShell(id, shell));
            } catch (IOException e) {
                LOG.warn("the monitor did not close {}: {}", shell, e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "RemoteSandbox[" + shell + "]";
    }
}
