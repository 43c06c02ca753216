package io.openwinrm.server.shell;

import io.openwinrm.policy.restrict.Decision;
import io.openwinrm.protocol.shell.BufferMode;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.command.Codepage;
import io.openwinrm.server.command.CommandListener;
import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.CommandState;
import io.openwinrm.server.command.Guids;
import io.openwinrm.server.command.Interpreter;
import io.openwinrm.server.command.OutputBudget;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.shell.InvalidArgumentException.Parameter;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open WinRS cmd shell ([MS-WSMV] 3.1.4.5) and its commands. Obtained from {@link ShellManager}; thread-safe.
 *
 * <p>Commands run through the command interpreter as {@code /bin/sh -c "<command> <args...>"} (arguments joined with
 * single spaces, as Windows joins them for {@code cmd /c}), or directly with SKIP_CMD_SHELL, in the shell's working
 * directory and environment.
 *
 * <p>An OpenWinRM login shell ({@link ShellSpec#stateful()}) instead starts one {@link Interpreter}, the owner's
 * login shell, at its first command and runs every command line in it, one at a time, so that {@code cd}, variables,
 * functions and aliases persist; when the interpreter exits, the shell closes as soon as the Done of the command
 * that made it exit was delivered. With a terminal ({@link ShellSpec#terminal()}) every command runs under its own
 * pseudo-terminal, an empty command line meaning the owner's login shell, interactive.
 */
public final class Shell {

    private static final Logger LOG = LoggerFactory.getLogger(Shell.class);
    private final String id;
    private final String owner;
    private final ShellContext context;
    private final ShellSpec spec;
    private final Codepage codepage;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final Duration idleTimeout;
    private final Instant createdAt = Instant.now();
    private final long createdNanos = System.nanoTime();
    private final ProcessLauncher launcher;
    private final ScheduledExecutorService scheduler;
    private final ShellLimits limits;
    private final OutputBudget outputBudget;
    private final ShellListener listener;
    private final CommandListener commandListener = new CommandEvents();
    private final Consumer<Shell> interpreterGone;
    private final CommandLaunches launches;

    private final Object lock = new Object();
    // guarded by lock
    private ShellState state = ShellState.CREATED;
    private final Map<String, RunningCommand> commands = new LinkedHashMap<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private CompletableFuture<Void> closed;
    private BufferMode bufferMode;
    private Duration disconnectedIdleTimeout;
    private int idleEpoch;
    private Interpreter interpreter;
    private boolean interpreterExited;

    private volatile ShellAttachment attachment;
    private volatile long lastTouchedNanos = createdNanos;
    private volatile String clientAddress;

    Shell(String id, ShellContext context, ShellSpec spec, Codepage codepage, Path workingDirectory,
          Map<String, String> environment, Duration idleTimeout, ProcessLauncher launcher,
          ScheduledExecutorService scheduler, ShellLimits limits, OutputBudget outputBudget, ShellListener listener,
          Consumer<Shell> interpreterGone) {
        this.id = id;
        this.context = context;
        this.owner = context.caller().account();
        this.spec = spec;
        this.codepage = codepage;
        this.workingDirectory = workingDirectory;
        this.environment = Map.copyOf(environment);
        this.idleTimeout = idleTimeout;
        this.launcher = launcher;
        this.scheduler = scheduler;
        this.limits = limits;
        this.outputBudget = outputBudget;
        this.listener = listener;
        this.bufferMode = limits.bufferMode();
        this.interpreterGone = interpreterGone;
        this.launches = new CommandLaunches(launcher, context, spec, workingDirectory, environment);
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    /**
     * Starts a command ([MS-WSMV] 3.1.4.11).
     *
     * @throws InvalidStateException     if the shell is closed
     * @throws InvalidArgumentException  for a blank command (allowed only with a terminal), or a client command id
     *                                   that is no GUID or is in use
     * @throws QuotaExceededException    with {@link Quota#MAX_PROCESSES_PER_SHELL}; in a login shell without a
     *                                   terminal also while the previous command is still running (limit 1)
     * @throws ProgramNotFoundException  with SKIP_CMD_SHELL, when the program does not exist
     * @throws ShellNotFoundException    if the login shell's interpreter has exited (the shell is closing)
     * @throws CommandLaunchException    if the process could not be started otherwise
     */
    public RunningCommand startCommand(CommandSpec commandSpec) {
        return startCommand(commandSpec, false);
    }

    /**
     * Starts a command as {@link #startCommand(CommandSpec)}; with {@code oneAtATime} only if no earlier command of
     * the shell is still in progress: the WinRS cmd shell addressed by a Windows client, where Windows refuses a new
     * Command until the previous one's Done has been delivered ([MS-WSMV] 3.1.4.11, note &lt;121&gt;).
     *
     * @throws QuotaExceededException also with {@code oneAtATime}, while an earlier command is running or its Done
     *                                not yet delivered ({@link Quota#MAX_PROCESSES_PER_SHELL}, limit 1)
     */
    public RunningCommand startCommand(CommandSpec commandSpec, boolean oneAtATime) {
        if (commandSpec.command().isBlank() && spec.terminal().isEmpty()) {
            throw new InvalidArgumentException(Parameter.COMMAND, "empty command");
        }
        RunningCommand command;
        synchronized (lock) {
            requireActive("start command");
            touch();
            // a command whose Done was delivered is over for the client ([MS-WSMV] <121>: a new Command is refused
            // until then); clients that skip the terminate after Done must not leave one record per command behind
            commands.values().removeIf(c -> c.state() == CommandState.DELIVERED);
            String commandId = newCommandId(commandSpec.commandId());
            long running = commands.values().stream().filter(RunningCommand::isProcessRunning).count();
            if (running >= limits.maxProcessesPerShell()) {
                throw new QuotaExceededException(Quota.MAX_PROCESSES_PER_SHELL, limits.maxProcessesPerShell());
            }
            boolean inInterpreter = spec.stateful() && spec.terminal().isEmpty();
            if (inInterpreter && running > 0) {
                throw new QuotaExceededException(Quota.MAX_PROCESSES_PER_SHELL, 1);
            }
            if (oneAtATime) {
                requireNoCommandInProgress();
            }
            List<String> restrictedArgv = context.restricted() ? allowedArgv(commandSpec) : null;
            command = new RunningCommand(commandId, commandSpec, codepage, limits, outputBudget, scheduler,
                    commandListener);
            command.enforce(context.endpoint().limits().deadline(), context.sandbox());
            command.describeAs(restrictedArgv != null ? restrictedArgv : commandSpec.argvForAudit());
            try {
                command.start(restrictedArgv != null ? launches.direct(restrictedArgv)
                        : inInterpreter ? interpreterStarter(commandSpec) : launches.process(commandSpec));
            } catch (NoSuchFileException e) {
                command.abort();
                throw new ProgramNotFoundException(commandSpec.command(), e);
            } catch (IOException | IllegalStateException e) {
                command.abort();
                throw new CommandLaunchException(commandSpec.command(),
                        e instanceof IOException io ? io : new IOException(e.getMessage(), e));
            }
            commands.put(commandId, command);
        }
        safely(() -> listener.commandStarted(this, command));
        return command;
    }

    /**
     * One command at a time ([MS-WSMV] 3.1.4.11, note &lt;121&gt;): refused while an earlier command has not had its
     * Done delivered. Windows' fault for it is not documented; this answers the closest documented one, w:QuotaLimit
     * for MaxProcessesPerShell with a limit of 1, naming the command in progress. Caller holds the lock.
     */
    private void requireNoCommandInProgress() {
        for (RunningCommand c : commands.values()) {
            CommandState s = c.state();
            if (s == CommandState.PENDING || s == CommandState.RUNNING || s == CommandState.DONE) {
                throw new QuotaExceededException(Quota.MAX_PROCESSES_PER_SHELL, 1, "Command " + c.id() + " of this "
                        + "shell is still " + (s == CommandState.DONE ? "waiting for its Done to be received"
                        : "running") + "; the cmd shell runs one command at a time. ");
            }
        }
    }

    /**
     * Restricted endpoints: the argv the caller's roles allow for this command line.
     *
     * @throws AccessDeniedException naming the rule, when the policy refuses it (after telling the listener)
     */
    private List<String> allowedArgv(CommandSpec commandSpec) {
        Decision decision = launches.decide(commandSpec);
        if (decision instanceof Decision.Refused refused) {
            safely(() -> listener.commandRefused(this, commandSpec, refused.rule(), refused.reason()));
            throw new AccessDeniedException("the endpoint " + context.endpoint().name() + " does not allow this "
                    + "command (" + refused.rule() + "): " + refused.reason());
        }
        return ((Decision.Allowed) decision).argv();
    }

    /** The command line in the shell's interpreter, started at the first command. Caller holds {@link #lock}. */
    private RunningCommand.Starter interpreterStarter(CommandSpec commandSpec) throws IOException {
        if (interpreterExited) {
            throw new ShellNotFoundException(id); // it is closing: as good as gone
        }
        if (interpreter == null) {
            interpreter = launcher.startInterpreter(launches.interpreter());
            interpreter.onExit().thenRun(this::interpreterExited);
        }
        Interpreter running = interpreter;
        String line = CommandLaunches.interpreterLine(commandSpec);
        return () -> running.run(line);
    }

    private void interpreterExited() {
        boolean closeNow;
        synchronized (lock) {
            interpreterExited = true;
            closeNow = state != ShellState.CLOSED && allDelivered();
        }
        if (closeNow) {
            closeBecauseInterpreterExited();
        }
    }

    /** Whether no command still has a Done to report. Caller holds {@link #lock}. */
    private boolean allDelivered() {
        return commands.values().stream().allMatch(c -> c.state() == CommandState.DELIVERED
                || c.state() == CommandState.REMOVED);
    }

    private void closeBecauseInterpreterExited() {
        try {
            scheduler.execute(() -> interpreterGone.accept(this));
        } catch (RuntimeException rejected) {
            interpreterGone.accept(this);
        }
    }

    /**
     * @throws CommandNotFoundException if no command has this id (Done delivered and terminated, or never existed)
     */
    public RunningCommand command(String commandId) {
        synchronized (lock) {
            RunningCommand command = commandId == null ? null : commands.get(Guids.canonical(commandId));
            if (command == null) {
                throw new CommandNotFoundException(commandId);
            }
            return command;
        }
    }

    /**
     * Attaches what a shell of another kind keeps (a PowerShell runspace pool), closed with the shell; if the shell
     * is already closed it is closed at once.
     *
     * @throws IllegalStateException if something is attached already
     */
    public void attach(ShellAttachment value) {
        boolean closeNow;
        synchronized (lock) {
            if (attachment != null) {
                throw new IllegalStateException("shell " + id + " has an attachment already");
            }
            attachment = value;
            closeNow = state == ShellState.CLOSED;
        }
        if (closeNow) {
            value.close();
        }
    }

    /** The attachment if it is a {@code type}. */
    public <T extends ShellAttachment> Optional<T> attachment(Class<T> type) {
        ShellAttachment a = attachment;
        return type.isInstance(a) ? Optional.of(type.cast(a)) : Optional.empty();
    }

    /** The budget that bounds this shell's buffered output (within the server's). */
    public OutputBudget outputBudget() {
        return outputBudget;
    }

    /** The pid of the login shell's interpreter while it runs, else empty. */
    public OptionalLong interpreterPid() {
        synchronized (lock) {
            return interpreter != null && !interpreterExited ? OptionalLong.of(interpreter.pid())
                    : OptionalLong.empty();
        }
    }

    /** The commands not yet removed, in start order. */
    public List<RunningCommand> commands() {
        synchronized (lock) {
            return List.copyOf(commands.values());
        }
    }

    // ---- attributes ----------------------------------------------------------------------------------------------

    /** Uppercase GUID without braces. */
    public String id() {
        return id;
    }

    /** The endpoint, caller and run-as account the shell was created with. */
    public ShellContext context() {
        return context;
    }

    public String owner() {
        return owner;
    }

    public ShellSpec spec() {
        return spec;
    }

    public Codepage codepage() {
        return codepage;
    }

    /** The absolute working directory commands start in. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** The complete environment commands start with. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The IdleTimeOut in force: while disconnected the one of the Disconnect request, otherwise the effective
     * IdleTimeOut of the Create request after clamping (reported back in the Create response).
     */
    /** Output of this shell's commands buffered and not yet received (bounded by the shell's output budget). */
    public long bufferedOutputBytes() {
        return outputBudget.used();
    }

    public Duration idleTimeout() {
        synchronized (lock) {
            return state == ShellState.DISCONNECTED ? disconnectedIdleTimeout : idleTimeout;
        }
    }

    /** The BufferMode applied while disconnected: the Disconnect request's, else the configured default. */
    public BufferMode bufferMode() {
        synchronized (lock) {
            return bufferMode;
        }
    }

    /** Address of the client that created or last (re)connected to the shell ({@code rsp:ClientIP}); may be null. */
    public String clientAddress() {
        return clientAddress;
    }

    /** Records the address of the client that created or (re)connected to the shell. */
    public void clientAddress(String value) {
        clientAddress = value;
    }

    /**
     * Fails unless a client is connected: operations other than Disconnect, Reconnect, Connect, Delete, Get and
     * Enumerate call this first ([MS-WSMV] 3.1.4.1.31.7).
     *
     * @throws ShellDisconnectedException if the shell is disconnected
     */
    public void requireConnected(String action) {
        if (state() == ShellState.DISCONNECTED) {
            throw new ShellDisconnectedException(id, action);
        }
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** {@code rsp:ShellRunTime}: time since creation. */
    public Duration runTime() {
        return Duration.ofNanos(System.nanoTime() - createdNanos);
    }

    /** {@code rsp:ShellInactivity}: time since the last operation touched the shell. */
    public Duration inactivity() {
        return Duration.ofNanos(System.nanoTime() - lastTouchedNanos);
    }

    public ShellState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** Records client activity; postpones idle reclaim. {@link ShellManager#get} calls it on every lookup. */
    public void touch() {
        lastTouchedNanos = System.nanoTime();
    }

    @Override
    public String toString() {
        return "Shell[" + id + ", " + owner + ", " + state() + "]";
    }

    // ---- lifecycle (ShellManager) --------------------------------------------------------------------------------

    void activate() {
        synchronized (lock) {
            transition(ShellState.ACTIVE, "activate shell");
        }
    }

    /**
     * ACTIVE → DISCONNECTED ([MS-WSMV] 3.1.4.15); on a disconnected shell it only replaces IdleTimeOut and
     * BufferMode. Pending receives complete at once (as timed out, consuming nothing); commands keep running.
     *
     * @return the idle epoch the caller must pass to its idle check
     * @throws InvalidStateException if the shell is closed
     */
    int disconnect(Duration idle, BufferMode mode) {
        List<RunningCommand> running;
        int epoch;
        synchronized (lock) {
            if (state != ShellState.DISCONNECTED) {
                transition(ShellState.DISCONNECTED, "disconnect shell");
            }
            disconnectedIdleTimeout = idle;
            bufferMode = mode;
            epoch = ++idleEpoch;
            running = List.copyOf(commands.values());
        }
        touch();
        running.forEach(c -> c.disconnected(mode == BufferMode.DROP));
        ShellAttachment a = attachment;
        if (a != null) {
            a.disconnected();
        }
        return epoch;
    }

    /**
     * DISCONNECTED → ACTIVE ([MS-WSMV] 3.1.4.16 Reconnect, 3.1.4.17 Connect): full buffers pause commands again and
     * the Create IdleTimeOut is back in force. Everything buffered meanwhile is delivered by the next receives.
     *
     * @return the idle epoch the caller must pass to its idle check
     * @throws ShellConnectedException if the shell is not disconnected
     */
    int reconnect(String action) {
        List<RunningCommand> running;
        int epoch;
        synchronized (lock) {
            if (state != ShellState.DISCONNECTED) {
                throw new ShellConnectedException(id, action);
            }
            transition(ShellState.ACTIVE, action);
            epoch = ++idleEpoch;
            running = List.copyOf(commands.values());
        }
        touch();
        running.forEach(RunningCommand::reconnected);
        ShellAttachment a = attachment;
        if (a != null) {
            a.reconnected();
        }
        return epoch;
    }

    /** Incremented by every disconnect and reconnect; an idle check armed under an older epoch is stale. */
    int idleEpoch() {
        synchronized (lock) {
            return idleEpoch;
        }
    }

    void addTimer(ScheduledFuture<?> timer) {
        synchronized (lock) {
            if (state == ShellState.CLOSED) {
                timer.cancel(false);
            } else {
                timers.add(timer);
            }
        }
    }

    /**
     * Closes the shell: every command's process group is killed and its resources released.
     *
     * @return completes when every process was reaped and every pump finished; the same future on later calls
     */
    CompletableFuture<Void> close() {
        List<RunningCommand> toAbort;
        synchronized (lock) {
            if (closed != null) {
                return closed;
            }
            transition(ShellState.CLOSED, "close shell");
            toAbort = List.copyOf(commands.values());
            commands.clear();
            timers.forEach(timer -> timer.cancel(false));
            timers.clear();
            closed = new CompletableFuture<>();
        }
        List<CompletableFuture<?>> reaped = new ArrayList<>();
        toAbort.forEach(command -> reaped.add(command.abort()));
        Interpreter started;
        synchronized (lock) {
            started = interpreter;
        }
        if (started != null) {
            started.destroy();
            reaped.add(started.onExit());
        }
        ShellAttachment attached = attachment;
        if (attached != null) {
            try {
                reaped.add(attached.close());
            } catch (RuntimeException e) {
                LOG.warn("closing what shell {} had attached failed", id, e);
            }
        }
        CompletableFuture.allOf(reaped.toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> closed.complete(null));
        return closed;
    }

    // ---- internals -----------------------------------------------------------------------------------------------

    private String newCommandId(String requested) {
        if (requested == null) {
            String generated;
            do {
                generated = Guids.random();
            } while (commands.containsKey(generated));
            return generated;
        }
        if (!Guids.isValid(requested)) {
            throw new InvalidArgumentException(Parameter.COMMAND_ID, "not a GUID: " + requested);
        }
        String canonical = Guids.canonical(requested);
        if (commands.containsKey(canonical)) {
            throw new InvalidArgumentException(Parameter.COMMAND_ID, "already in use: " + canonical);
        }
        return canonical;
    }

    private void requireActive(String action) {
        if (state == ShellState.DISCONNECTED) {
            throw new ShellDisconnectedException(id, action);
        }
        if (state != ShellState.ACTIVE) {
            throw new InvalidStateException(state, EnumSet.of(ShellState.ACTIVE), action);
        }
    }

    private void transition(ShellState next, String action) {
        if (!next.predecessors().contains(state)) {
            throw new InvalidStateException(state, next.predecessors(), action);
        }
        state = next;
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("shell listener failed for {}", id, e);
        }
    }

    /** Receives the events of this shell's commands. */
    private final class CommandEvents implements CommandListener {

        @Override
        public void commandExited(RunningCommand command, int exitCode, long stdoutBytes, long stderrBytes) {
            safely(() -> listener.commandExited(Shell.this, command, exitCode, stdoutBytes, stderrBytes));
        }

        @Override
        public void commandDelivered(RunningCommand command) {
            boolean closeNow;
            synchronized (lock) {
                closeNow = interpreterExited && state != ShellState.CLOSED && allDelivered();
            }
            if (closeNow) {
                // at once, before the client sees this Done: its next operation finds no shell
                interpreterGone.accept(Shell.this);
            }
        }

        @Override
        public void commandRemoved(RunningCommand command) {
            synchronized (lock) {
                commands.remove(command.id(), command);
            }
            commandDelivered(command);
        }
    }
}
