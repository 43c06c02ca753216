package io.openwinrm.os;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small process per shell that makes sure none of the shell's processes outlives the shell or the server (issue
 * 9, finding 11: a SIGKILLed server left an ordinary user's {@code sleep 1000} running). It reads lines from a pipe
 * whose only writer is the server; when the pipe ends — the shell closed, or the server died in any way, SIGKILL
 * included, since the kernel closes a dead process's descriptors — or when it is sent SIGTERM, SIGINT or SIGHUP
 * (a service stop), it kills every process of the shell's control groups (until none is left, then removes the
 * groups) and every process group the server told it about, and exits.
 *
 * <p>It also holds the shell's private namespaces, when the shell has them ({@link Namespaces}): a private mount
 * namespace whose {@code /proc} is mounted with {@code hidepid=invisible} (Linux 5.8+: each procfs mount has its own
 * options), so an account sees only its own processes; private, empty {@code /tmp}, {@code /var/tmp} and
 * {@code /dev/shm} (tmpfs) and a private IPC namespace (System V IPC and POSIX message queues), so that nothing one
 * temporary account leaves there can reach the next one (finding 6). Commands enter them with {@code nsenter}
 * before dropping privileges ({@link #enterCommand()}); the namespaces vanish with the last process in them.
 *
 * <p>The supervisor runs as the server's own account with a fixed environment, in {@code /}. Creating it costs
 * about 2 ms (5 ms with namespaces), once per shell.
 */
final class ShellSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShellSupervisor.class);

    static final Path UNSHARE = Path.of("/usr/bin/unshare");
    static final Path NSENTER = Path.of("/usr/bin/nsenter");
    private static final long START_TIMEOUT_SECONDS = 10;
    private static final long STOP_TIMEOUT_SECONDS = 10;

    /**
     * $1: the private mounts to make (letters: p = /proc hidepid, t = temporary directories and mqueue); the rest:
     * control-group directories. Lines on stdin: {@code +PGID} / {@code -PGID} track and forget a process group.
     */
    private static final String SCRIPT = """
            mode=$1; shift
            groups=
            clean() {
              trap '' INT TERM HUP QUIT PIPE
              for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
              for dir in "$@"; do
                [ -e "$dir/cgroup.kill" ] && echo 1 >"$dir/cgroup.kill" 2>/dev/null
                n=0
                while procs=$(cat "$dir/cgroup.procs" 2>/dev/null) && [ -n "$procs" ] && [ $n -lt 1000 ]; do
                  kill -s KILL $procs 2>/dev/null; n=$((n + 1))
                done
                n=0
                while [ -d "$dir" ] && ! rmdir "$dir" 2>/dev/null && [ $n -lt 250 ]; do
                  n=$((n + 1)); sleep 0.02
                done
              done
              exit 0
            }
            trap 'clean "$@"' INT TERM HUP QUIT
            case $mode in *p*) mount -t proc -o hidepid=invisible proc /proc || exit 1 ;; esac
            case $mode in *t*)
              for d in /tmp /var/tmp /dev/shm /run/lock; do
                if [ -d "$d" ]; then mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$d" || exit 1; fi
              done
              if [ -d /dev/mqueue ]; then mount -t mqueue -o nosuid,nodev,noexec mqueue /dev/mqueue || exit 1; fi ;;
            esac
            echo ready
            while read -r line; do
              case $line in
                +[0-9]*) groups="$groups ${line#+}" ;;
                -[0-9]*) kept=; for g in $groups; do [ "$g" = "${line#-}" ] || kept="$kept $g"; done; groups=$kept ;;
              esac
            done
            clean "$@"
            """;

    /** The private namespaces of a shell. */
    record Namespaces(boolean hideProcesses, boolean privateTemporaryFiles) {
        static final Namespaces NONE = new Namespaces(false, false);

        boolean any() {
            return hideProcesses || privateTemporaryFiles;
        }
    }

    private final Process process;
    private final OutputStream control;
    private final List<String> enter;

    private ShellSupervisor(Process process, List<String> enter) {
        this.process = process;
        this.control = process.getOutputStream();
        this.enter = List.copyOf(enter);
    }

    /**
     * Starts the supervisor of one shell and waits until its namespaces are ready.
     *
     * @param groups the shell's control-group directories (killed and removed at the end)
     * @throws IOException if util-linux unshare/nsenter are missing or the namespaces cannot be made (no
     *                     CAP_SYS_ADMIN, a kernel without per-mount procfs options)
     */
    static ShellSupervisor start(Namespaces namespaces, List<Path> groups) throws IOException {
        List<String> argv = new ArrayList<>();
        if (namespaces.any()) {
            for (Path tool : List.of(UNSHARE, NSENTER)) {
                if (!Files.isExecutable(tool)) {
                    throw new IOException(tool + " is not executable (util-linux is needed for a shell's private "
                            + "namespaces)");
                }
            }
            argv.addAll(List.of(UNSHARE.toString(), "--mount", "--propagation", "private"));
            if (namespaces.privateTemporaryFiles()) {
                argv.add("--ipc");
            }
            argv.add("--");
        }
        argv.addAll(List.of("/bin/sh", "-c", SCRIPT, "supervisor",
                (namespaces.hideProcesses() ? "p" : "") + (namespaces.privateTemporaryFiles() ? "t" : "") + "-"));
        groups.forEach(g -> argv.add(g.toString()));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .directory(LaunchChain.CHAIN_DIRECTORY.toFile());
        builder.environment().clear();
        builder.environment().putAll(LaunchChain.CHAIN_ENVIRONMENT);
        Process p = builder.start();
        awaitReady(p);
        List<String> enter = new ArrayList<>();
        if (namespaces.any()) {
            enter.add(NSENTER.toString());
            enter.add("--mount=/proc/" + p.pid() + "/ns/mnt");
            if (namespaces.privateTemporaryFiles()) {
                enter.add("--ipc=/proc/" + p.pid() + "/ns/ipc");
            }
            enter.add("--");
        }
        return new ShellSupervisor(p, enter);
    }

    private static void awaitReady(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String first;
        try {
            first = line.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while starting a shell supervisor", e);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("no shell supervisor within " + START_TIMEOUT_SECONDS + " s");
        }
        if (!"ready".equals(first)) {
            p.destroyForcibly();
            throw new IOException("cannot make the shell's private namespaces: "
                    + (first == null ? "the supervisor exited" : first));
        }
    }

    /**
     * The argv prefix that moves a process into the shell's namespaces and execs the rest in place; empty when the
     * shell has none.
     *
     * @throws IOException if the supervisor is gone (its pid could be anyone's by now)
     */
    List<String> enterCommand() throws IOException {
        if (enter.isEmpty()) {
            return enter;
        }
        if (!process.isAlive()) {
            throw new IOException("the private namespaces of this shell are gone (its supervisor exited)");
        }
        return enter;
    }

    /** The supervisor also kills process group {@code pgid} at the end (for shells without control groups). */
    void track(long pgid) {
        send("+" + pgid + "\n");
    }

    /** Forget {@code pgid}: its processes are all gone, so the id may be reused by anyone. */
    void forget(long pgid) {
        send("-" + pgid + "\n");
    }

    private synchronized void send(String line) {
        try {
            control.write(line.getBytes(StandardCharsets.US_ASCII));
            control.flush();
        } catch (IOException e) {
            LOG.debug("shell supervisor {} gone: {}", process.pid(), e.getMessage());
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the supervisor: it kills what is left of the shell and removes its groups. Waits for it. */
    @Override
    public void close() {
        synchronized (this) {
            try {
                control.close();
            } catch (IOException ignored) {
                // it reads EOF either way
            }
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("shell supervisor {} did not finish within {} s; killing it", process.pid(),
                        STOP_TIMEOUT_SECONDS);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
