package io.openwinrm.cli;

import io.openwinrm.client.Endpoint;
import io.openwinrm.client.ShellInfo;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmException;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.client.powershell.Pipeline;
import io.openwinrm.client.powershell.PipelineRequest;
import io.openwinrm.client.powershell.PipelineResult;
import io.openwinrm.client.powershell.PoolOptions;
import io.openwinrm.client.powershell.PowerShellClient;
import io.openwinrm.client.powershell.RunspacePool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code session ... --powershell}: PSSessions, runspace pools that outlive the client process ([MS-PSRP] 3.1.4.10).
 * A session is always left Disconnected on the server between CLI runs (3.1.4.10.1), so that any later process of
 * the same user can connect to it (3.1.4.10.3) and take up its pipelines' buffered output (3.1.5.3.16); its handle
 * ({@link SessionHandle#powerShell()} set) keeps the pool id and the ids of pipelines whose output is still to be
 * collected.
 */
final class PowerShellSessions {
    private static final Duration PIPELINE_WAIT = Duration.ofDays(1);
    private static final String DISCONNECTED = "Disconnected";

    private final ClientOptions client;
    private final SessionStore store;
    private final PrintStream out = System.out;
    private WinRmClient winrm;

    PowerShellSessions(ClientOptions client, SessionStore store) {
        this.client = client;
        this.store = store;
    }

    /**
     * New-PSSession, then Disconnect-PSSession: opens a pool named {@code name}, starts {@code script} in it if not
     * null (its output stays on the server, {@link RunspacePool#startDetached}), remembers both and disconnects.
     */
    int create(String name, Endpoint endpoint, String configuration, Duration idleTimeout, String script) {
        PowerShellClient ps = powerShell(endpoint, configuration);
        PoolOptions options = PoolOptions.DEFAULT.withName(name);
        if (idleTimeout != null) {
            options = options.withIdleTimeout(idleTimeout);
        }
        RunspacePool pool = ps.open(options);
        try {
            SessionHandle h = new SessionHandle(name, endpoint, pool.shellId(), List.of(), configuration);
            if (script != null) {
                h = h.withCommand(pool.startDetached(PipelineRequest.script(script)).toString());
            }
            store.create(h);
            try {
                pool.disconnect(idleTimeout);
            } catch (RuntimeException e) {
                store.delete(name);
                throw e;
            }
            out.println(name + " " + pool.shellId());
            h.commandIds().forEach(id -> out.println("pipeline " + id));
            return ExitCodes.OK;
        } finally {
            // after the disconnect only this process's connections are released; on a failure the pool is deleted
            pool.close();
        }
    }

    /**
     * Get-PSSession: the caller's disconnected pools of {@code configuration} on the host, named from the local
     * handles, then the local handles of that host whose pool is not disconnected there (Opened: connected to another
     * client; gone: closed or timed out).
     */
    int list(Endpoint endpoint, String configuration, List<SessionHandle> local, boolean json) {
        PowerShellClient ps = powerShell(endpoint, configuration);
        Map<String, ShellInfo> pools = new LinkedHashMap<>();
        for (ShellInfo s : ps.listPools()) {
            pools.put(s.shellId().toUpperCase(Locale.ROOT), s);
        }
        Map<String, SessionHandle> handles = new LinkedHashMap<>();
        local.stream().filter(h -> h.isPowerShell() && h.endpoint().equals(endpoint))
                .forEach(h -> handles.put(h.shellId().toUpperCase(Locale.ROOT), h));
        List<Map<String, Object>> rows = new ArrayList<>();
        pools.forEach((id, s) -> {
            if (s.isDisconnected()) {
                rows.add(row(id, DISCONNECTED, handles.get(id), s.idleTimeout()));
            }
        });
        handles.forEach((id, h) -> {
            ShellInfo s = pools.get(id);
            if (s == null || !s.isDisconnected()) {
                rows.add(row(id, s == null ? "gone" : s.state().map(st -> st.wireName()).orElse("-"), h,
                        Optional.empty()));
            }
        });
        if (json) {
            JsonOutput.print(out, rows);
            return ExitCodes.OK;
        }
        out.println(String.format("%-36s %-12s %-20s %-8s %s", "POOL ID", "STATE", "NAME", "PENDING", "IDLE (s)"));
        for (Map<String, Object> r : rows) {
            out.println(String.format("%-36s %-12s %-20s %-8s %s", r.get("pool_id"), r.get("state"),
                    r.get("name") == null ? "-" : r.get("name"), r.get("pending_pipelines"),
                    r.get("idle_timeout_s") == null ? "-" : r.get("idle_timeout_s")));
        }
        return ExitCodes.OK;
    }

    private static Map<String, Object> row(String id, String state, SessionHandle h, Optional<Duration> idle) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("pool_id", id);
        o.put("state", state);
        o.put("name", h == null ? null : h.name());
        o.put("pending_pipelines", h == null ? 0 : h.commandIds().size());
        o.put("idle_timeout_s", idle.map(Duration::getSeconds).orElse(null));
        return o;
    }

    /**
     * Connect-PSSession / Receive-PSSession from any process: connects to the disconnected pool, writes the output of
     * each of {@code pipelineIds} (buffered while nobody was connected, then live) until it ends, forgets it, and
     * disconnects the pool again so that the session stays available. Ctrl+C disconnects as well.
     *
     * @return 1 if a pipeline failed or wrote errors, else 0
     */
    int receive(SessionHandle h, List<String> pipelineIds) {
        List<UUID> ids = new ArrayList<>();
        for (String id : pipelineIds) {
            ids.add(pipelineId(id));
        }
        RunspacePool pool = connect(h);
        Thread hook = new Thread(() -> disconnectQuietly(pool), "openwinrm-session-disconnect");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean failed = false;
        try {
            for (UUID id : ids) {
                failed |= receiveOne(h, pool, id);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                disconnectQuietly(pool);
            } catch (IllegalStateException shuttingDown) {
                // the hook disconnects
            }
            pool.close();
        }
        return failed ? ExitCodes.REMOTE_FAILURE : ExitCodes.OK;
    }

    private boolean receiveOne(SessionHandle h, RunspacePool pool, UUID id) {
        PsConsoleListener console = new PsConsoleListener(System.out, System.err);
        Pipeline p;
        try {
            p = pool.connectPipeline(id, console);
        } catch (WinRmFaultException e) {
            store.update(h.name(), x -> x.withoutCommand(id.toString()));
            throw new CliException(ExitCodes.REMOTE_FAILURE, "pipeline " + id + " of session '" + h.name()
                    + "' is unknown to the service: its output was collected already, or it was stopped ("
                    + e.getMessage() + ")");
        }
        PipelineResult r = p.await(PIPELINE_WAIT);
        console.finish(r, false);
        store.update(h.name(), x -> x.withoutCommand(id.toString()));
        return r.hadErrors();
    }

    /** Disconnect-PSSession: a session is left disconnected by every command; this says whether it still is. */
    int disconnect(SessionHandle h) {
        String state = state(h);
        if (!state.equals(DISCONNECTED)) {
            throw unavailable(h, state);
        }
        out.println("disconnected " + h.name());
        return ExitCodes.OK;
    }

    /** Remove-PSSession: connects to the pool and deletes it, ending its pipelines; forgets the handle. */
    int remove(SessionHandle h) {
        String state = state(h);
        if (state.equals("gone")) {
            out.println("removed " + h.name() + " (its runspace pool was already gone)");
        } else {
            if (!state.equals(DISCONNECTED)) {
                throw unavailable(h, state);
            }
            connect(h).close();
            out.println("removed " + h.name());
        }
        store.delete(h.name());
        return ExitCodes.OK;
    }

    private RunspacePool connect(SessionHandle h) {
        try {
            return powerShell(h.endpoint(), h.powerShell()).connect(h.shellId());
        } catch (WinRmFaultException e) {
            String state;
            try {
                state = state(h);
            } catch (WinRmException listing) {
                throw e;
            }
            throw state.equals(DISCONNECTED) ? e : unavailable(h, state);
        }
    }

    /** The pool's state on the server ({@code gone} if it is not there). */
    private String state(SessionHandle h) {
        return powerShell(h.endpoint(), h.powerShell()).listPools().stream()
                .filter(s -> s.shellId().equalsIgnoreCase(h.shellId())).findFirst()
                .map(s -> s.isDisconnected() ? DISCONNECTED : s.state().map(st -> st.wireName()).orElse("-"))
                .orElse("gone");
    }

    private static CliException unavailable(SessionHandle h, String state) {
        String what = "session '" + h.name() + "' (runspace pool " + h.shellId() + " on " + h.endpoint() + ")";
        if (state.equals("gone")) {
            return new CliException(ExitCodes.REMOTE_FAILURE, what + " no longer exists on the server (closed, timed "
                    + "out, or another user's); 'openwinrm session remove " + h.name() + "' forgets it");
        }
        return new CliException(ExitCodes.REMOTE_FAILURE, what + " is " + state + ", connected to another client "
                + "(e.g. a process that was killed); it becomes available when that client disconnects or the "
                + "service's idle timeout ends the connection");
    }

    private static void disconnectQuietly(RunspacePool pool) {
        try {
            pool.disconnect();
        } catch (RuntimeException e) {
            // disconnected already, or the pool is gone: nothing to keep
        }
    }

    private static UUID pipelineId(String id) {
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "a pipeline id is a GUID, not '" + id + "'");
        }
    }

    private PowerShellClient powerShell(Endpoint endpoint, String configuration) {
        try {
            if (winrm == null) {
                winrm = client.buildClient();
            }
            return PowerShellClient.of(winrm, endpoint, configuration);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
