package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import io.openwinrm.server.command.Interpreter;
import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.command.Sandbox;
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
import java.util.Objects;
import java.util.Optional;

/**
 * Starts commands as local processes, each as leader of a new session and process group: the argv is run as
 * {@code /usr/bin/setsid <program> <args...>} and, because the JDK's child is never a group leader, {@code setsid}
 * calls {@code setsid(2)} and execs in place, so {@code pid == pgid == sid}. Signals then go to {@code -pgid},
 * reaching every process the command spawned (unless one deliberately left the group).
 *
 * <p>A spec with an {@link LaunchSpec#identity() identity} other than the server's own runs as that account (uid,
 * gid, exactly its groups) through util-linux {@code setpriv}, and enters its working directory only as that account;
 * a spec with a {@link LaunchSpec#sandbox() sandbox} joins the sandbox's control group before it can fork. See
 * {@link LaunchChain} for the exact chain; every link execs in place, so the pid never changes.
 *
 * <p>Besides plain commands it runs commands under pseudo-terminals ({@link #launchInTerminal}) and long-lived
 * interpreters for stateful login shells ({@link #startInterpreter}, see {@link LocalInterpreter}).
 *
 * <p>The program is resolved on the {@code PATH} of the launch environment before starting, so that a missing
 * program is reported as {@link NoSuchFileException} instead of a {@code setsid} exit code. Thread-safe.
 */
public final class LocalProcessLauncher implements ProcessLauncher {

    /** util-linux setsid(1). */
    public static final Path DEFAULT_SETSID = Path.of("/usr/bin/setsid");

    /** Opens the terminal in the session leader; $1 is the slave, the rest the program and its arguments. */
    private static final String OPEN_TERMINAL = "slave=$1; shift; exec \"$@\" <>\"$slave\" >&0 2>&0";
    private static final String TERMINAL_SHELL = "/bin/sh";

    private final LaunchChain chain;
    private final ServerInstance instance;

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
        Objects.requireNonNull(setsid, "setsid");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.chain = new LaunchChain(setsid, LaunchChain.DEFAULT_SETPRIV);
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
        String program = resolve(spec.argv().get(0), spec.env().get("PATH"), spec.cwd());
        Optional<OsIdentity> account = LaunchChain.switchTo(spec);
        List<String> tail = new ArrayList<>(spec.argv().size());
        tail.add(program);
        tail.addAll(spec.argv().subList(1, spec.argv().size()));
        ProcessBuilder builder = new ProcessBuilder(chain.argv(spec, account, tail))
                .directory(chain.directory(spec, account).toFile());
        builder.environment().clear();
        builder.environment().putAll(spec.env());
        return new LocalProcess(builder.start());
    }

    /**
     * Starts the program under a new pseudo-terminal: {@code setsid /bin/sh -c 'exec "$@" <>SLAVE >&0 2>&0'} opens
     * the slave {@code /dev/pts/N} as stdin, stdout and stderr in the new session leader, which thereby acquires it
     * as its controlling terminal, and execs the program in place ({@code pid == sid}). The JVM never opens the
     * slave itself: a server that leads its own session (a systemd service) would otherwise acquire the terminal and
     * be sent SIGHUP when it closes. The environment gets {@code TERM}, {@code COLUMNS} and {@code LINES}.
     */
    @Override
    public LaunchedProcess launchInTerminal(LaunchSpec spec, TerminalSpec terminal) throws IOException {
        String program = resolve(spec.argv().get(0), spec.env().get("PATH"), spec.cwd());
        Optional<OsIdentity> account = LaunchChain.switchTo(spec);
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
            ProcessBuilder builder = new ProcessBuilder(chain.argv(spec, account, tail))
                    .directory(chain.directory(spec, account).toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            builder.environment().putAll(spec.env());
            builder.environment().put("TERM", terminal.term());
            builder.environment().put("COLUMNS", Integer.toString(terminal.columns()));
            builder.environment().put("LINES", Integer.toString(terminal.rows()));
            return new PtyProcess(builder.start(), master);
        } catch (IOException | RuntimeException e) {
            master.input().close();
            throw e;
        }
    }

    /** A {@link LocalInterpreter}: the shell of {@code spec} in its own session, fed through its stdin. */
    @Override
    public Interpreter startInterpreter(LaunchSpec spec) throws IOException {
        return LocalInterpreter.start(this, spec);
    }

    /**
     * A {@link LinuxSandbox}: a control group per shell (cgroup v2, or v1 pids and memory hierarchies), else
     * per-process resource limits.
     */
    @Override
    public Sandbox createSandbox(String name, ResourceLimits limits) throws IOException {
        return LinuxSandbox.create(instance, name, limits, false);
    }

    /** A {@link LinuxSandbox}, with a {@link ProcessView} when {@code privateProcessView}. */
    @Override
    public Sandbox createSandbox(String name, ResourceLimits limits, boolean privateProcessView)
            throws IOException {
        return LinuxSandbox.create(instance, name, limits, privateProcessView);
    }

    /** The account's shell from the passwd database (getpwnam), else the server user's, else {@code /bin/sh}. */
    @Override
    public Path loginShell(String account) {
        return LoginShells.of(account);
    }

    /**
     * execvp(3) lookup: a name containing {@code /} is taken relative to {@code cwd}; otherwise the first executable
     * regular file of that name on {@code path} (an empty entry meaning {@code cwd}).
     */
    static String resolve(String name, String path, Path cwd) throws NoSuchFileException {
        if (name.isEmpty()) {
            throw new NoSuchFileException(name);
        }
        if (name.indexOf('/') >= 0) {
            Path candidate = candidate(cwd, name);
            if (candidate != null && isExecutable(candidate)) {
                return candidate.toString();
            }
            throw new NoSuchFileException(name);
        }
        for (String dir : (path == null ? "" : path).split(File.pathSeparator, -1)) {
            Path candidate = candidate(dir.isEmpty() ? cwd : cwd.resolve(dir), name);
            if (candidate != null && isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new NoSuchFileException(name);
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
