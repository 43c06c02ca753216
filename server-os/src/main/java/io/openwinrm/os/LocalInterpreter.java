package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import io.openwinrm.os.ipc.Pipes;
import io.openwinrm.server.command.Interpreter;
import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessSignal;
import io.openwinrm.server.identity.OsIdentity;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POSIX shell started once (in its own session, through {@link LocalProcessLauncher}) that runs each command line
 * in itself. Its stdin carries the framing written here, its stdout is the control channel, its stderr only
 * diagnostics (logged). Each command is run as
 *
 * <pre>
 * { command eval '&lt;command line, single-quoted&gt;'
 * } &lt;DIR/n.in &gt;DIR/n.out 2&gt;DIR/n.err
 * __openwinrm_s=$?; echo "&lt;nonce&gt; n $__openwinrm_s"; __openwinrm_rc "$__openwinrm_s"
 * </pre>
 *
 * where DIR is a private directory (0700; 0710 root:the account's group when the shell runs as another account, each
 * FIFO then owned by that account with mode 0600) and {@code n.*} are FIFOs made for this command alone: a brace group with
 * redirections does not fork, so {@code cd}, variables, functions and aliases persist, while stdin, stdout and stderr
 * of the command begin and end exactly with it. {@code eval} of the single-quoted text parses the command line
 * exactly as {@code sh -c} would; a syntax error is the command's error ({@code command} keeps a special built-in's
 * error from ending the shell). The status line on the control channel ends the command; {@code __openwinrm_rc}
 * (a function returning its argument, defined at start) then restores {@code $?}, so the next command line sees
 * the previous one's status, as in an interactive shell. The interpreter catches
 * SIGINT, SIGTERM and SIGQUIT with a no-op trap, so signals sent to its process group end the command's processes
 * (whose dispositions are reset to the default by exec) but not the interpreter; SIGKILL goes to its descendants
 * only.
 *
 * <p>Limits: a command line that redefines {@code echo} or {@code command} as a function breaks the framing of later
 * commands; a background job of an earlier command is a descendant too and is signalled with the running command.
 */
final class LocalInterpreter implements Interpreter {

    private static final Logger LOG = LoggerFactory.getLogger(LocalInterpreter.class);
    private static final long OPEN_TIMEOUT_SECONDS = 10;
    /** The parent of FIFO directories shared with other accounts: outside {@code /tmp}, root's. */
    static final Path SHARED_FIFO_BASE = Path.of("/run/openwinrm/fifos");
    private static final long FIRST_CHILD_WAIT_NANOS = 300_000_000L;

    private final LaunchedProcess shell;
    private final int pid;
    private final Path directory;
    private final Optional<OsIdentity> account;
    private final String nonce = "openwinrm-" + UUID.randomUUID();
    private final String evalPrefix;
    private final CompletableFuture<Void> controlEnd = new CompletableFuture<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Object lock = new Object();
    // guarded by lock
    private int sequence;
    private Run current;
    private boolean destroyed;

    /** One command's FIFOs and exit status. */
    private final class Run {
        final int number;
        final Path in;
        final Path out;
        final Path err;
        final CompletableFuture<Integer> status = new CompletableFuture<>();

        Run(int number) {
            this.number = number;
            this.in = directory.resolve(number + ".in");
            this.out = directory.resolve(number + ".out");
            this.err = directory.resolve(number + ".err");
        }
    }

    private LocalInterpreter(LaunchedProcess shell, Path directory, String shellName, Optional<OsIdentity> account) {
        this.shell = shell;
        this.account = account;
        this.pid = Math.toIntExact(shell.pid());
        this.directory = directory;
        // zsh's `command` runs external programs only
        this.evalPrefix = shellName.equals("zsh") ? "eval " : "command eval ";
    }

    /** Starts {@code argv[0]} of {@code spec} through {@code launcher} and sends it the bootstrap. */
    static LocalInterpreter start(LocalProcessLauncher launcher, LaunchSpec spec)
            throws IOException {
        Optional<OsIdentity> account = LaunchChain.switchTo(spec);
        Path directory = Files.createTempDirectory(fifoBase(account), "openwinrm-shell-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        LaunchedProcess process;
        try {
            if (account.isPresent()) {
                shareDirectory(directory, account.get());
            }
            process = launcher.launch(spec);
        } catch (IOException | RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
        Path program = Path.of(spec.argv().get(0));
        String name = program.getFileName() == null ? "" : program.getFileName().toString();
        LocalInterpreter interpreter = new LocalInterpreter(process, directory, name, account);
        interpreter.begin();
        return interpreter;
    }

    /**
     * Where the per-shell FIFO directories are made: for an interpreter running as another account, {@link
     * #SHARED_FIFO_BASE} (root's, 0711), which a shell with private temporary directories still sees (its
     * {@code /tmp} is not the server's); otherwise the JVM's temporary directory.
     */
    private static Path fifoBase(Optional<OsIdentity> account) throws IOException {
        if (account.isEmpty()) {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
        Files.createDirectories(SHARED_FIFO_BASE);
        try {
            LibC.INSTANCE.chown(SHARED_FIFO_BASE.toString(), 0, 0);
            LibC.INSTANCE.chmod(SHARED_FIFO_BASE.toString(), 0711);
            LibC.INSTANCE.chmod(SHARED_FIFO_BASE.getParent().toString(), 0755);
        } catch (LastErrorException e) {
            throw new IOException("cannot prepare " + SHARED_FIFO_BASE + ": errno " + e.getErrorCode(), e);
        }
        return SHARED_FIFO_BASE;
    }

    /**
     * Lets {@code account} (and nobody else but root) reach the FIFOs: the directory stays root's (so that the account
     * cannot swap a FIFO for a symbolic link the server would then open as root), group the account's primary group,
     * mode 0710; each FIFO belongs to the account, mode 0600.
     */
    private static void shareDirectory(Path directory, OsIdentity account) throws IOException {
        try {
            LibC.INSTANCE.chown(directory.toString(), 0, account.gid());
            LibC.INSTANCE.chmod(directory.toString(), 0710);
        } catch (LastErrorException e) {
            throw new IOException("cannot share " + directory + " with " + account.name() + ": errno "
                    + e.getErrorCode(), e);
        }
    }

    private void begin() throws IOException {
        daemon("control", this::readControl).start();
        daemon("stderr", this::logDiagnostics).start();
        CompletableFuture.allOf(shell.onExit(), controlEnd).whenComplete((ignored, error) -> exited());
        send("trap : INT TERM QUIT\n"
                + "[ -n \"${BASH_VERSION-}\" ] && shopt -s expand_aliases\n"
                + "__openwinrm_rc() { return \"$1\"; }\n");
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public LaunchedProcess run(String commandLine) throws IOException {
        if (commandLine.indexOf('\0') >= 0) {
            throw new IOException("a command line cannot contain NUL");
        }
        Run run;
        synchronized (lock) {
            if (destroyed || exit.isDone()) {
                throw new IOException("the interpreter has exited");
            }
            if (current != null) {
                throw new IllegalStateException("the previous command is still running");
            }
            run = new Run(++sequence);
            current = run;
        }
        try {
            for (Path fifo : new Path[] {run.in, run.out, run.err}) {
                LibC.INSTANCE.mkfifo(fifo.toString(), 0600);
                if (account.isPresent()) {
                    LibC.INSTANCE.chown(fifo.toString(), account.get().uid(), account.get().gid());
                }
            }
            send("{ " + evalPrefix + quote(commandLine) + "\n} <" + quote(run.in.toString()) + " >"
                    + quote(run.out.toString()) + " 2>" + quote(run.err.toString()) + "\n"
                    + "__openwinrm_s=$?; echo \"" + nonce + " " + run.number + " $__openwinrm_s\"; "
                    + "__openwinrm_rc \"$__openwinrm_s\"\n");
            return open(run);
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                if (current == run) {
                    current = null;
                }
            }
            unblock(run);
            deleteQuietly(run);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Opens our ends in the shell's order (stdin, stdout, stderr); unblocks if the shell dies or hangs. */
    private LaunchedProcess open(Run run) throws IOException {
        CompletableFuture<Void> opened = new CompletableFuture<>(); // the interpreter's exit unblocks: exited()
        CompletableFuture.delayedExecutor(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS).execute(() -> {
            if (!opened.isDone()) {
                LOG.warn("interpreter {} did not open the streams of command {}; killing it", pid, run.number);
                destroy();
                unblock(run);
            }
        });
        OutputStream stdin = null;
        InputStream stdout = null;
        try {
            int in = openFifo(run.in, LibC.O_WRONLY);
            stdin = Pipes.output(in);
            int out = openFifo(run.out, LibC.O_RDONLY);
            stdout = Pipes.input(out);
            int err = openFifo(run.err, LibC.O_RDONLY);
            InputStream stderr = Pipes.input(err);
            opened.complete(null);
            deleteQuietly(run);
            return new Command(run, stdin, stdout, stderr, new int[] {in, out, err});
        } catch (IOException e) {
            opened.complete(null);
            closeQuietly(stdin);
            closeQuietly(stdout);
            throw e;
        }
    }

    /** open(2) of one of our FIFO ends, blocking until the interpreter opens its end (or {@link #unblock}). */
    private static int openFifo(Path fifo, int mode) throws IOException {
        try {
            return LibC.INSTANCE.open(fifo.toString(), mode | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + fifo + ": errno " + e.getErrorCode(), e);
        }
    }

    /** Lets our blocked opens of {@code run}'s FIFOs return by opening the other ends without blocking. */
    private static void unblock(Run run) {
        counterpart(run.in, LibC.O_RDONLY);
        counterpart(run.out, LibC.O_WRONLY);
        counterpart(run.err, LibC.O_WRONLY);
    }

    private static void counterpart(Path fifo, int mode) {
        try {
            int fd = LibC.INSTANCE.open(fifo.toString(), mode | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException ignored) {
            // already removed, or nobody waiting on it
        }
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
        synchronized (lock) {
            destroyed = true;
        }
        killDescendants(9);
        shell.destroyGroup();
        killDescendants(9);
    }

    @Override
    public String toString() {
        return "LocalInterpreter[" + pid + "]";
    }

    // ---- internals -----------------------------------------------------------------------------------------------

    private void send(String text) throws IOException {
        OutputStream script = shell.stdin();
        synchronized (script) {
            script.write(text.getBytes(StandardCharsets.UTF_8));
            script.flush();
        }
    }

    private void readControl() {
        String prefix = nonce + " ";
        try (BufferedReader control = new BufferedReader(
                new InputStreamReader(shell.stdout(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = control.readLine()) != null) {
                if (!line.startsWith(prefix)) {
                    LOG.debug("interpreter {} stdout: {}", pid, line);
                    continue;
                }
                String[] f = line.substring(prefix.length()).split(" ");
                finish(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("control channel of interpreter {} ended", pid, e);
        } finally {
            controlEnd.complete(null);
        }
    }

    private void finish(int number, int status) {
        Run done;
        synchronized (lock) {
            done = current;
            if (done == null || done.number != number) {
                return;
            }
            current = null;
        }
        done.status.complete(status);
    }

    private void exited() {
        int code = shell.onExit().getNow(-1);
        Run running;
        synchronized (lock) {
            running = current;
            current = null;
        }
        shell.destroyGroup();
        deleteTree(directory);
        // the interpreter's exit first: whoever watches it learns before the last command can be reported Done
        exit.complete(code);
        if (running != null) {
            unblock(running);
            running.status.complete(code);
        }
    }

    private void logDiagnostics() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(shell.stderr(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                LOG.debug("interpreter {} stderr: {}", pid, line);
            }
        } catch (IOException ignored) {
            // the shell is gone
        }
    }

    private void killDescendants(int signal) {
        for (int pass = 0; pass < 2; pass++) {
            ProcessTable.killAll(ProcessTable.snapshot().descendants(pid), signal);
        }
    }

    private Thread daemon(String role, Runnable task) {
        Thread thread = new Thread(task, "interpreter-" + pid + "-" + role);
        thread.setDaemon(true);
        return thread;
    }

    /** Single-quotes {@code text} for sh: nothing inside is special but the quote, written as {@code '\''}. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static void deleteQuietly(Run run) {
        for (Path fifo : new Path[] {run.in, run.out, run.err}) {
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException ignored) {
                // the directory goes with the interpreter
            }
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** One command running in the interpreter. */
    private final class Command implements LaunchedProcess, ExportedDescriptors {
        private final Run run;
        private final OutputStream stdin;
        private final InputStream stdout;
        private final InputStream stderr;
        private final int[] descriptors;

        Command(Run run, OutputStream stdin, InputStream stdout, InputStream stderr, int[] descriptors) {
            this.run = run;
            this.stdin = stdin;
            this.stdout = stdout;
            this.stderr = stderr;
            this.descriptors = descriptors;
        }

        @Override
        public int[] descriptors() {
            return descriptors.clone();
        }

        @Override
        public void releaseDescriptors() {
            closeQuietly(stdin);
            closeQuietly(stdout);
            closeQuietly(stderr);
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
            return run.status;
        }

        /** INT, QUIT, TERM: the interpreter's process group (the interpreter traps them); KILL: its descendants. */
        @Override
        public void signalGroup(ProcessSignal signal) {
            if (run.status.isDone()) {
                return;
            }
            if (signal == ProcessSignal.KILL) {
                killDescendants(PosixSignal.number(signal));
                return;
            }
            int number = PosixSignal.number(signal);
            boolean noChildYet = ProcessTable.snapshot().descendants(pid).isEmpty();
            try {
                LibC.INSTANCE.kill(-pid, number);
            } catch (LastErrorException gone) {
                return; // the interpreter has exited
            }
            if (noChildYet) {
                awaitFirstChild(number);
            }
        }

        /**
         * Right after the command was handed over, the interpreter may not have forked its first process yet, so the
         * signal only reached the interpreter (which ignores it). Wait briefly for a process to appear and signal it
         * then; a command of built-ins only never gets one.
         */
        private void awaitFirstChild(int number) {
            long deadline = System.nanoTime() + FIRST_CHILD_WAIT_NANOS;
            while (!run.status.isDone() && ProcessTable.snapshot().descendants(pid).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!run.status.isDone()) {
                ProcessTable.killAll(ProcessTable.snapshot().descendants(pid), number);
            }
        }

        /** The shell goes away: the command's processes are killed; the interpreter is destroyed by its owner. */
        @Override
        public void destroyGroup() {
            if (!run.status.isDone()) {
                killDescendants(9);
            }
        }

        @Override
        public String toString() {
            return "InterpreterCommand[" + pid + "#" + run.number + "]";
        }
    }
}
