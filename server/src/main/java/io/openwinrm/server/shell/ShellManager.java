package io.openwinrm.server.shell;

import io.openwinrm.protocol.shell.BufferMode;
import io.openwinrm.server.command.Codepage;
import io.openwinrm.server.command.Guids;
import io.openwinrm.server.command.OutputBudget;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.identity.OsIdentity;
import io.openwinrm.server.shell.InvalidArgumentException.Parameter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry of open shells ([MS-WSMV] 3.1.4.5 Create, 3.1.4.6 Delete) with the Winrs quotas, owner isolation and
 * idle / run-time reclaim. Thread-safe; one per server.
 *
 * <p>Owners are opaque strings (the authenticated principal). Shells are keyed by (owner, ShellId): a ShellId names a
 * shell only among its owner's shells, so two owners may choose the same client ShellId independently, and nothing a
 * caller does (Create with a ShellId included) tells them whether another owner uses an id. A shell of another owner
 * is reported exactly like an unknown one. Idle reclaim runs as one scheduled task per shell, re-armed for the
 * remaining time when the shell was touched meanwhile; there is no periodic sweep.
 */
public final class ShellManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShellManager.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ProcessLauncher launcher;
    private final ScheduledExecutorService scheduler;
    private final ShellLimits limits;
    private final ShellListener listener;
    private final Function<String, Optional<Path>> homeDirectories;
    private final Map<String, String> baseEnvironment;
    private final OutputBudget outputBudget;

    /** Where a shell is filed: its ShellId is unique among its owner's shells only. */
    private record Key(String owner, String shellId) {
    }

    // guarded by this
    private final Map<Key, Shell> shells = new HashMap<>();
    private final Map<String, Set<String>> shellIdsByOwner = new HashMap<>();
    private boolean closed;

    private ShellManager(Builder builder) {
        this.launcher = builder.launcher;
        this.scheduler = builder.scheduler;
        this.limits = builder.limits;
        this.listener = builder.listener;
        this.homeDirectories = builder.homeDirectories;
        this.baseEnvironment = baseEnvironment(System.getenv());
        this.outputBudget = OutputBudget.root(limits.maxOutputTotalBytes());
    }

    /**
     * @param launcher  starts processes ({@code io.openwinrm.os.LocalProcessLauncher} in production)
     * @param scheduler shared; runs receive timeouts, idle reclaim and future completions. Not shut down by
     *                  {@link #close()}
     */
    public static Builder builder(ProcessLauncher launcher, ScheduledExecutorService scheduler) {
        return new Builder(launcher, scheduler);
    }

    /**
     * Creates a shell for {@code owner} ([MS-WSMV] 3.1.4.5.2).
     *
     * @throws UnsupportedCodepageException if the codepage cannot be served
     * @throws InvalidArgumentException     for a client ShellId that is no GUID or names another open shell of the same
     *                                      owner (other owners' ids are not looked at), or a working directory that
     *                                      is not an existing directory
     * @throws QuotaExceededException       with {@link Quota#MAX_SHELLS_PER_USER} or {@link Quota#MAX_CONCURRENT_USERS}
     * @throws InvalidStateException        if the manager is closed
     */
    public Shell create(String owner, ShellSpec spec) {
        return create(ShellContext.unrestricted(owner), spec);
    }

    /**
     * Creates a shell for the caller of {@code context} ([MS-WSMV] 3.1.4.5.2). When the context runs commands as an OS
     * account, the environment is that account's (HOME, USER, LOGNAME, SHELL, a standard PATH, LANG) plus the
     * client's variables, and the default working directory is its home. If creation fails, the context is released.
     *
     * @throws UnsupportedCodepageException etc. as {@link #create(String, ShellSpec)}
     */
    public Shell create(ShellContext context, ShellSpec spec) {
        try {
            return createShell(context, spec);
        } catch (RuntimeException e) {
            context.release().run();
            throw e;
        }
    }

    private Shell createShell(ShellContext context, ShellSpec spec) {
        String owner = context.caller().account();
        Codepage requested = Codepage.of(spec.codepage());
        // Windows hands a process's pipe bytes over unchanged whatever WINRS_CODEPAGE says; transcoding only where
        // the endpoint asks for it
        Codepage codepage = context.endpoint().transcodeCodepage() ? requested : Codepage.UTF_8;
        Path workingDirectory = context.runAs()
                .map(os -> workingDirectory(os.home(), spec.workingDirectory(), context.runAs(), context.sandbox()))
                .orElseGet(() -> workingDirectory(homeDirectories.apply(owner).orElse(null), spec.workingDirectory(),
                        Optional.empty(), context.sandbox()));
        LoaderVariables.refuseForOtherAccount(spec.environment(), context);
        Map<String, String> environment = new LinkedHashMap<>(context.runAs()
                .map(this::accountEnvironment).orElse(baseEnvironment));
        environment.putAll(CodepageEnvironment.of(requested, environment));
        environment.putAll(spec.environment());
        Duration idleTimeout = limits.effectiveIdleTimeout(spec.idleTimeout().orElse(null));
        Shell shell;
        synchronized (this) {
            if (closed) {
                throw new InvalidStateException(ShellState.CLOSED, EnumSet.of(ShellState.ACTIVE), "create shell");
            }
            String id = newShellId(owner, spec.shellId());
            Set<String> owned = shellIdsByOwner.get(owner);
            if (owned != null && owned.size() >= limits.maxShellsPerUser()) {
                throw new QuotaExceededException(Quota.MAX_SHELLS_PER_USER, limits.maxShellsPerUser());
            }
            if (owned == null && shellIdsByOwner.size() >= limits.maxConcurrentUsers()) {
                throw new QuotaExceededException(Quota.MAX_CONCURRENT_USERS, limits.maxConcurrentUsers());
            }
            shell = new Shell(id, context, spec, codepage, workingDirectory, environment, idleTimeout, launcher,
                    scheduler, limits, outputBudget.child(limits.maxOutputPerShellBytes()), listener, exited -> reclaim(exited, CloseReason.INTERPRETER_EXITED));
            if (context.clientAddress() != null) {
                shell.clientAddress(context.clientAddress());
            }
            shells.put(new Key(owner, id), shell);
            shellIdsByOwner.computeIfAbsent(owner, o -> new LinkedHashSet<>()).add(id);
            shell.activate();
        }
        scheduleIdleCheck(shell, shell.idleEpoch(), idleTimeout.toNanos());
        shell.addTimer(scheduler.schedule(() -> reclaim(shell, CloseReason.MAX_RUN_TIME),
                limits.maxShellRunTime().toNanos(), TimeUnit.NANOSECONDS));
        safely(() -> listener.shellCreated(shell));
        return shell;
    }

    /**
     * Looks a shell up and marks it as used (postponing idle reclaim).
     *
     * @throws ShellNotFoundException if there is no such shell for this owner (unknown, closed, or somebody else's)
     */
    public Shell get(String owner, String shellId) {
        Shell shell;
        synchronized (this) {
            shell = lookup(owner, shellId);
        }
        shell.touch();
        return shell;
    }

    /**
     * Looks a shell up without marking it as used: Get and Enumerate must not postpone the idle reclaim of a
     * disconnected shell.
     *
     * @throws ShellNotFoundException as for {@link #get}
     */
    public Shell find(String owner, String shellId) {
        synchronized (this) {
            return lookup(owner, shellId);
        }
    }

    /**
     * The owner's open shell {@code shellId}, if any, without marking it as used and without failing: what the
     * dispatcher asks before a handler runs (which endpoint an addressed shell belongs to).
     */
    public Optional<Shell> peek(String owner, String shellId) {
        synchronized (this) {
            return Guids.isValid(shellId) ? Optional.ofNullable(shells.get(new Key(owner, Guids.canonical(shellId))))
                    : Optional.empty();
        }
    }

    /**
     * Disconnects the owner's shell ([MS-WSMV] 3.1.4.15): it stays open with its commands running for the
     * disconnected IdleTimeOut, after which it is closed and its processes are killed and reaped. Unlike Windows'
     * PowerShell plugin, a cmd shell can be disconnected whether or not the client chose its ShellId at Create: the
     * id from the Create response is as good a handle for Reconnect and Connect as a client-chosen one.
     *
     * @param idleTimeout the Disconnect body's IdleTimeOut, or null for {@link ShellLimits#disconnectedIdleTimeout};
     *                    clamped by {@link ShellLimits#effectiveDisconnectedIdleTimeout}
     * @param bufferMode  the Disconnect body's BufferMode, or null to keep the shell's (initially
     *                    {@link ShellLimits#bufferMode})
     * @throws ShellNotFoundException as for {@link #get} (another owner's shell included)
     */
    public Shell disconnect(String owner, String shellId, Duration idleTimeout, BufferMode bufferMode) {
        Shell shell = find(owner, shellId);
        Duration idle = limits.effectiveDisconnectedIdleTimeout(idleTimeout);
        int epoch = shell.disconnect(idle, bufferMode == null ? shell.bufferMode() : bufferMode);
        scheduleIdleCheck(shell, epoch, idle.toNanos());
        LOG.info("shell {} of {} disconnected (idle timeout {}, {})", shell.id(), owner, idle, shell.bufferMode());
        safely(() -> listener.shellDisconnected(shell));
        return shell;
    }

    /**
     * Reconnects a disconnected shell of the owner ([MS-WSMV] 3.1.4.16 Reconnect from the same client, 3.1.4.17
     * Connect from any client of the same user): its Create IdleTimeOut is back in force.
     *
     * @param action      "reconnect" or "connect", for error messages
     * @param fromAddress the connecting client's address ({@code rsp:ClientIP} from now on), or null
     * @throws ShellNotFoundException  as for {@link #get}
     * @throws ShellConnectedException if the shell is not disconnected
     */
    public Shell reconnect(String owner, String shellId, String action, String fromAddress) {
        Shell shell = find(owner, shellId);
        int epoch = shell.reconnect(action);
        if (fromAddress != null) {
            shell.clientAddress(fromAddress);
        }
        scheduleIdleCheck(shell, epoch, shell.idleTimeout().toNanos());
        safely(() -> listener.shellReconnected(shell, action));
        return shell;
    }

    /**
     * Closes a shell ([MS-WSMV] 3.1.4.6): kills every command's process group and releases everything. Reaping
     * completes asynchronously.
     *
     * @throws ShellNotFoundException as for {@link #get}
     */
    public void delete(String owner, String shellId) {
        Shell shell;
        synchronized (this) {
            shell = lookup(owner, shellId);
            forget(shell);
        }
        closeShell(shell, CloseReason.DELETED);
    }

    /**
     * Closes a shell that ended on its own ({@link CloseReason#ENGINE_ENDED}, say): as {@link #delete} but reported
     * with {@code reason}, and nothing happens if the shell is gone already.
     */
    public void close(Shell shell, CloseReason reason) {
        reclaim(shell, reason);
    }

    /** Tells the listener (audit) that a PowerShell shell started a pipeline running {@code commands}. */
    public void pipelineStarted(Shell shell, String pipelineId, List<String> commands) {
        safely(() -> listener.pipelineStarted(shell, pipelineId, commands));
    }

    /** The owner's open shells, oldest first. */
    public List<Shell> list(String owner) {
        synchronized (this) {
            Set<String> ids = shellIdsByOwner.getOrDefault(owner, Set.of());
            List<Shell> result = new ArrayList<>(ids.size());
            ids.forEach(id -> result.add(shells.get(new Key(owner, id))));
            return result;
        }
    }

    /** How this manager starts processes. */
    public ProcessLauncher launcher() {
        return launcher;
    }

    /**
     * Whether an open shell of {@code owner} was created on an endpoint that answers {@code resourceUri}. Only the
     * owner's shells count: whether other owners have shells on an endpoint is none of the caller's business.
     */
    public synchronized boolean anyShellAnswers(String owner, String resourceUri) {
        Set<String> ids = shellIdsByOwner.getOrDefault(owner, Set.of());
        return ids.stream().anyMatch(id -> shells.get(new Key(owner, id)).context().endpoint().answers(resourceUri));
    }

    /** Open shells and their commands per endpoint name, for monitoring. */
    public io.openwinrm.server.metrics.ShellCounts counts() {
        List<Shell> all;
        synchronized (this) {
            all = new ArrayList<>(shells.values());
        }
        Map<String, Integer> byEndpoint = new java.util.TreeMap<>();
        Map<String, Integer> commands = new java.util.TreeMap<>();
        for (Shell s : all) {
            String endpoint = s.context().endpoint().name();
            byEndpoint.merge(endpoint, 1, Integer::sum);
            commands.merge(endpoint, s.commands().size(), Integer::sum);
        }
        return new io.openwinrm.server.metrics.ShellCounts(byEndpoint, commands);
    }

    /** Number of open shells of all owners. */
    public synchronized int size() {
        return shells.size();
    }

    /** Output of all shells' commands buffered and not yet received, bounded by {@link ShellLimits#maxOutputTotalBytes}. */
    public long bufferedOutputBytes() {
        return outputBudget.used();
    }

    public ShellLimits limits() {
        return limits;
    }

    /**
     * Server stop: closes every shell, kills every process group and waits (a few seconds at most) until the
     * processes are reaped. Later creates fail. Idempotent.
     */
    @Override
    public void close() {
        List<Shell> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(shells.values());
            shells.clear();
            shellIdsByOwner.clear();
        }
        CompletableFuture<?>[] reaped = all.stream()
                .map(shell -> closeShell(shell, CloseReason.SERVER_STOP))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(reaped).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("not every process was reaped within {}", CLOSE_WAIT, e);
        }
    }

    // ---- internals -----------------------------------------------------------------------------------------------

    private Shell lookup(String owner, String shellId) {
        Shell shell = Guids.isValid(shellId) ? shells.get(new Key(owner, Guids.canonical(shellId))) : null;
        if (shell == null) {
            throw new ShellNotFoundException(shellId);
        }
        return shell;
    }

    private void forget(Shell shell) {
        shells.remove(new Key(shell.owner(), shell.id()));
        Set<String> owned = shellIdsByOwner.get(shell.owner());
        if (owned != null && owned.remove(shell.id()) && owned.isEmpty()) {
            shellIdsByOwner.remove(shell.owner());
        }
    }

    /** A ShellId for a new shell of {@code owner}; only the owner's own shells can make a requested id unusable. */
    private String newShellId(String owner, String requested) {
        if (requested == null) {
            String generated;
            do {
                generated = Guids.random();
            } while (shells.containsKey(new Key(owner, generated)));
            return generated;
        }
        if (!Guids.isValid(requested)) {
            throw new InvalidArgumentException(Parameter.SHELL_ID, "not a GUID: " + requested);
        }
        String canonical = Guids.canonical(requested);
        if (shells.containsKey(new Key(owner, canonical))) {
            throw new InvalidArgumentException(Parameter.SHELL_ID, "already in use: " + canonical);
        }
        return canonical;
    }

    /**
     * The shell's working directory: {@code requested} resolved against the account's home (else the server's
     * directory), which the account must be able to enter. Judged as the account ({@link ProcessLauncher#canEnter}):
     * a directory that does not exist and one the account cannot reach get the same fault.
     */
    private Path workingDirectory(Path home, String requested, Optional<OsIdentity> account, Sandbox sandbox) {
        Path base = Optional.ofNullable(home)
                .filter(Files::isDirectory)
                .orElseGet(() -> Path.of("").toAbsolutePath());
        if (requested == null || requested.isEmpty()) {
            return base;
        }
        Path path;
        try {
            path = base.resolve(requested).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidArgumentException(Parameter.WORKING_DIRECTORY, "invalid path: " + requested);
        }
        if (!launcher.canEnter(account, sandbox, path)) {
            throw new InvalidArgumentException(Parameter.WORKING_DIRECTORY, "not a directory this account can enter: "
                    + requested);
        }
        return path;
    }

    private void scheduleIdleCheck(Shell shell, int epoch, long delayNanos) {
        try {
            shell.addTimer(scheduler.schedule(() -> checkIdle(shell, epoch), delayNanos, TimeUnit.NANOSECONDS));
        } catch (RuntimeException rejected) {
            LOG.debug("scheduler refused idle check of {}", shell.id(), rejected);
        }
    }

    /** One chain of idle checks per shell: a check armed before the last disconnect or reconnect is stale. */
    private void checkIdle(Shell shell, int epoch) {
        if (shell.state() == ShellState.CLOSED || shell.idleEpoch() != epoch) {
            return;
        }
        long remaining = shell.idleTimeout().toNanos() - shell.inactivity().toNanos();
        if (remaining <= 0) {
            reclaim(shell, shell.state() == ShellState.DISCONNECTED ? CloseReason.DISCONNECTED_IDLE_TIMEOUT
                    : CloseReason.IDLE_TIMEOUT);
        } else {
            scheduleIdleCheck(shell, epoch, remaining);
        }
    }

    private void reclaim(Shell shell, CloseReason reason) {
        synchronized (this) {
            if (shells.get(new Key(shell.owner(), shell.id())) != shell) {
                return;
            }
            forget(shell);
        }
        LOG.info("closing shell {} of {}: {}", shell.id(), shell.owner(), reason);
        closeShell(shell, reason);
    }

    private CompletableFuture<Void> closeShell(Shell shell, CloseReason reason) {
        CompletableFuture<Void> reaped = shell.close();
        reaped.whenComplete((ignored, error) -> shell.context().release().run());
        safely(() -> listener.shellClosed(shell, reason));
        return reaped;
    }

    /** A clean login environment for {@code account}, as login(1) would set it. */
    private Map<String, String> accountEnvironment(OsIdentity account) {
        return AccountEnvironment.of(account, launcher.loginShell(account.name()));
    }

    private static Map<String, String> baseEnvironment(Map<String, String> server) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", server.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        for (String name : List.of("HOME", "USER", "LOGNAME")) {
            String value = server.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("LANG", "C.UTF-8");
        return Map.copyOf(env);
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("shell listener failed", e);
        }
    }

    /** Configures a {@link ShellManager}. */
    public static final class Builder {
        private final ProcessLauncher launcher;
        private final ScheduledExecutorService scheduler;
        private ShellLimits limits = ShellLimits.DEFAULTS;
        private ShellListener listener = ShellListener.NOOP;
        private Function<String, Optional<Path>> homeDirectories = owner -> Optional.empty();

        private Builder(ProcessLauncher launcher, ScheduledExecutorService scheduler) {
            this.launcher = Objects.requireNonNull(launcher, "launcher");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        }

        public Builder limits(ShellLimits value) {
            limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        public Builder listener(ShellListener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Maps an owner to its home directory, the default working directory of its shells; when empty (the
         * default) shells start in the server's working directory.
         */
        public Builder homeDirectories(Function<String, Optional<Path>> value) {
            homeDirectories = Objects.requireNonNull(value, "homeDirectories");
            return this;
        }

        public ShellManager build() {
            return new ShellManager(this);
        }
    }
}
