package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import io.openwinrm.os.ipc.Pipes;
import io.openwinrm.os.ipc.UnixSocket;
import io.openwinrm.server.command.Interpreter;
import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.command.SandboxSpec;
import io.openwinrm.server.command.TerminalSpec;
import io.openwinrm.server.identity.OsIdentity;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Starts commands as local processes, each as leader of a new session and process group: the argv is run as
 * {@code /usr/bin/setsid <program> <args...>} and, because the JDK's child is never a group leader, {@code setsid}
 * calls {@code setsid(2)} and execs in place, so {@code pid == pgid == sid}. Signals then go to {@code -pgid},
 * reaching every process the command spawned (unless one deliberately left the group).
 *
 * <p>A spec with an {@link LaunchSpec#identity() identity} other than the server's own runs as that account (uid,
 * gid, exactly its groups) through util-linux {@code setpriv}; its environment and working directory are applied
 * only after the switch, and the links before it run with a fixed environment of the server's own; a spec with a
 * {@link LaunchSpec#sandbox() sandbox} joins the sandbox's control group before it can fork. See {@link LaunchChain}
 * for the exact chain; every link execs in place, so the pid never changes.
 *
 * <p>Besides plain commands it runs commands under pseudo-terminals ({@link #launchInTerminal}) and long-lived
 * interpreters for stateful login shells ({@link #startInterpreter}, see {@link LocalInterpreter}).
 *
 * <p>The program is resolved on the {@code PATH} of the launch environment before starting, as the account would
 * resolve it ({@link AccountPermissions}), so that a missing program is reported as {@link NoSuchFileException}
 * instead of an exit code, and never reveals files the account could not see. Thread-safe.
 */
public final class LocalProcessLauncher implements ProcessLauncher {

    /** util-linux setsid(1). */
    public static final Path DEFAULT_SETSID = Path.of("/usr/bin/setsid");

    /** Opens the terminal in the session leader; $1 is the slave, the rest the program and its arguments. */
    private static final String OPEN_TERMINAL = "slave=$1; shift; exec \"$@\" <>\"$slave\" >&0 2>&0";
    private static final String TERMINAL_SHELL = "/bin/sh";

    private final LaunchChain chain;
    private final ServerInstance instance;
    private CredentialCaches credentialCaches;
    private final boolean exporting;

    /** Uses {@link #DEFAULT_SETSID}; see {@link #LocalProcessLauncher(Path)}. */
    public LocalProcessLauncher() {
        this(DEFAULT_SETSID);
    }

    /**
     * Checks the prerequisites at once, so that a server fails at start rather than at the first signal.
     *
     * @param setsid path of util-linux setsid(1)
     * @throws IllegalStateException if {@code setsid} is not executable or libc cannot be bound through JNA
     */
    public LocalProcessLauncher(Path setsid) {
        this(setsid, ServerInstance.DEFAULT);
    }

    /** Uses {@link #DEFAULT_SETSID}; shells' control groups belong to {@code instance}. */
    public LocalProcessLauncher(ServerInstance instance) {
        this(DEFAULT_SETSID, instance);
    }

    /**
     * @param setsid   path of util-linux setsid(1)
     * @param instance the server the shells' control groups belong to
     * @throws IllegalStateException if {@code setsid} is not executable or libc cannot be bound through JNA
     */
    public LocalProcessLauncher(Path setsid, ServerInstance instance) {
        this(setsid, instance, false);
    }

    /**
     * A launcher whose processes hold their I/O in pipes of our own, so that the descriptors can be handed to another
     * process ({@link ExportedDescriptors}): what a privilege-separated server's monitor uses.
     */
    public static LocalProcessLauncher exporting(ServerInstance instance) {
        return new LocalProcessLauncher(DEFAULT_SETSID, instance, true);
    }

    private LocalProcessLauncher(Path setsid, ServerInstance instance, boolean exporting) {
        Objects.requireNonNull(setsid, "setsid");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.exporting = exporting;
        this.chain = new LaunchChain(setsid, LaunchChain.DEFAULT_SETPRIV, new PosixAccounts().canSwitchUsers());
        if (!isExecutable(setsid)) {
            throw new IllegalStateException(setsid + " is not an executable file (util-linux setsid is required)");
        }
        try {
            LibC.INSTANCE.kill(Math.toIntExact(ProcessHandle.current().pid()), 0);
        } catch (LastErrorException e) {
            throw new IllegalStateException("kill(2) through JNA failed: errno " + e.getErrorCode(), e);
        } catch (LinkageError e) {
            throw new IllegalStateException("cannot bind libc through JNA", e);
        }
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws IOException {
        Optional<OsIdentity> account = LaunchChain.switchTo(spec);
        List<String> tail = new ArrayList<>(spec.argv().size());
        tail.add(program(spec, account));
        tail.addAll(spec.argv().subList(1, spec.argv().size()));
        ProcessBuilder builder = chain.command(spec, account, tail, Map.of()).processBuilder();
        if (!exporting) {
            Process process = builder.start();
            track(spec, process);
            return new LocalProcess(process);
        }
        return startWithOwnPipes(spec, builder);
    }

    /**
     * Starts {@code builder} with stdio on pipes of our own: the child opens its ends through this process's
     * {@code /proc/PID/fd} entries (reopening a pipe end never blocks while we hold the other end), and we keep the
     * parent ends as raw descriptors.
     */
    private LaunchedProcess startWithOwnPipes(LaunchSpec spec, ProcessBuilder builder) throws IOException {
        int[] in = Pipes.pipe();
        int[] out = null;
        int[] err = null;
        try {
            out = Pipes.pipe();
            err = Pipes.pipe();
            long self = ProcessHandle.current().pid();
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/proc/" + self + "/fd/" + in[0])))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("/proc/" + self + "/fd/" + out[1])))
                    .redirectError(ProcessBuilder.Redirect.appendTo(new File("/proc/" + self + "/fd/" + err[1])));
            Process process = builder.start();
            track(spec, process);
            return new LocalProcess(process, Pipes.output(in[1]),
                    Pipes.input(out[0]), Pipes.input(err[0]),
                    new int[] {in[1], out[0], err[0]});
        } catch (IOException | RuntimeException e) {
            UnixSocket.quietClose(in[1]);
            for (int[] pipe : new int[][] {out, err}) {
                if (pipe != null) {
                    UnixSocket.quietClose(pipe[0]);
                }
            }
            throw e;
        } finally {
            UnixSocket.quietClose(in[0]);
            if (out != null) {
                UnixSocket.quietClose(out[1]);
            }
            if (err != null) {
                UnixSocket.quietClose(err[1]);
            }
        }
    }

    /**
     * Starts the program under a new pseudo-terminal: {@code /bin/sh -c 'exec "$@" <>SLAVE >&0 2>&0'}, the last link
     * of the chain (as the account), opens the slave {@code /dev/pts/N} as stdin, stdout and stderr in the new
     * session leader, which thereby acquires it as its controlling terminal, and execs the program in place
     * ({@code pid == sid}). The JVM never opens the slave itself: a server that leads its own session (a systemd
     * service) would otherwise acquire the terminal and be sent SIGHUP when it closes. The environment gets
     * {@code TERM}, {@code COLUMNS} and {@code LINES}.
     */
    @Override
    public LaunchedProcess launchInTerminal(LaunchSpec spec, TerminalSpec terminal) throws IOException {
        Optional<OsIdentity> account = LaunchChain.switchTo(spec);
        String program = program(spec, account);
        PtyMaster master = PtyMaster.open(terminal.columns(), terminal.rows());
        List<String> tail = new ArrayList<>(spec.argv().size() + 5);
        tail.add(TERMINAL_SHELL);
        tail.add("-c");
        tail.add(OPEN_TERMINAL);
        tail.add("sh");
        tail.add(master.slave().toString());
        tail.add(program);
        tail.addAll(spec.argv().subList(1, spec.argv().size()));
        try {
            if (account.isPresent()) {
                master.grantTo(account.get());
            }
            Map<String, String> terminalEnvironment = Map.of("TERM", terminal.term(),
                    "COLUMNS", Integer.toString(terminal.columns()), "LINES", Integer.toString(terminal.rows()));
            ProcessBuilder builder = chain.command(spec, account, tail, terminalEnvironment).processBuilder()
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            track(spec, process);
            return new PtyProcess(process, master);
        } catch (IOException | RuntimeException e) {
            master.input().close();
            throw e;
        }
    }

    /** The shell's supervisor learns the new process group (pid == pgid). */
    private static void track(LaunchSpec spec, Process process) {
        if (spec.sandbox() instanceof LinuxSandbox linux) {
            linux.track(process.pid(), process.onExit());
        }
    }

    /**
     * The program to run, looked up as the account will look it up, after checking that the account may enter the
     * working directory: a missing program, one the account cannot reach and one that does not exist are the same
     * {@link NoSuchFileException}, and a directory it cannot enter is refused whether or not it exists.
     */
    private String program(LaunchSpec spec, Optional<OsIdentity> account) throws IOException {
        if (account.isPresent() && !AccountPermissions.canEnter(account.get(), spec.cwd())) {
            throw new IOException("cannot enter " + spec.cwd() + " as " + account.get().name());
        }
        Predicate<Path> executable = account.isPresent()
                ? file -> AccountPermissions.canExecute(account.get(), file)
                : LocalProcessLauncher::isExecutable;
        return resolve(spec.argv().get(0), spec.env().get("PATH"), spec.cwd(), executable);
    }

    /** A {@link LocalInterpreter}: the shell of {@code spec} in its own session, fed through its stdin. */
    @Override
    public Interpreter startInterpreter(LaunchSpec spec) throws IOException {
        return LocalInterpreter.start(this, spec);
    }

    /**
     * A {@link LinuxSandbox}: a supervisor per shell that kills its processes when it closes or the server dies, its
     * private namespaces, and a control group (for a non-administrator's shell on a server that switches accounts,
     * and for limits; per-process resource limits where no control group can be had).
     */
    @Override
    public Sandbox createSandbox(SandboxSpec spec) throws IOException {
        return LinuxSandbox.create(instance, spec, chain.privileged() && spec.containEveryProcess(),
                spec.credentials().isPresent() ? credentialCaches() : null);
    }

    /** The directory of shells' credential caches, made at the first delegation. */
    private synchronized CredentialCaches credentialCaches() throws IOException {
        if (credentialCaches == null) {
            credentialCaches = CredentialCaches.of(instance);
        }
        return credentialCaches;
    }

    /** The account's shell from the passwd database (getpwnam), else the server user's, else {@code /bin/sh}. */
    @Override
    public Path loginShell(String account) {
        return LoginShells.of(account);
    }

    /**
     * execvp(3) lookup: a name containing {@code /} is taken relative to {@code cwd}; otherwise the first file of that
     * name on {@code path} (an empty entry meaning {@code cwd}) that {@code executable} accepts.
     */
    static String resolve(String name, String path, Path cwd, Predicate<Path> executable)
            throws NoSuchFileException {
        if (name.isEmpty()) {
            throw new NoSuchFileException(name);
        }
        if (name.indexOf('/') >= 0) {
            Path candidate = candidate(cwd, name);
            if (candidate != null && executable.test(candidate)) {
                return candidate.toString();
            }
            throw new NoSuchFileException(name);
        }
        for (String dir : (path == null ? "" : path).split(File.pathSeparator, -1)) {
            Path candidate = candidate(dir.isEmpty() ? cwd : cwd.resolve(dir), name);
            if (candidate != null && executable.test(candidate)) {
                return candidate.toString();
            }
        }
        throw new NoSuchFileException(name);
    }

    /** {@link #resolve(String, String, Path, Predicate)} as the server's own account. */
    static String resolve(String name, String path, Path cwd) throws NoSuchFileException {
        return resolve(name, path, cwd, LocalProcessLauncher::isExecutable);
    }

    /** As the account would judge it ({@link AccountPermissions}); the server's own view without an account. */
    @Override
    public boolean canEnter(Optional<OsIdentity> account, Sandbox sandbox, Path dir) {
        return account.filter(id -> id.uid() != LibC.INSTANCE.geteuid())
                .map(id -> AccountPermissions.canEnter(id, dir))
                .orElseGet(() -> Files.isDirectory(dir));
    }

    private static Path candidate(Path dir, String name) {
        try {
            return dir.resolve(name);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static boolean isExecutable(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate);
    }
}
