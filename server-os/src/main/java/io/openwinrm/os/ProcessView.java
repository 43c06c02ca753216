package io.openwinrm.os;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A view of the process table that shows an account only its own processes: a private mount namespace in which
 * {@code /proc} is mounted with {@code hidepid=invisible} (Linux 5.8+: each procfs mount has its own options), held
 * open by a small root process for the life of one shell. Every command of the shell enters it with
 * {@code nsenter --mount} before dropping privileges; {@code ps}, {@code top} and {@code /proc/PID} then show the
 * account's processes and no one else's, while mounts of the host stay visible (the namespace is a private copy).
 *
 * <p>One namespace per shell rather than per command: creating and tearing down a mount namespace costs about 5 ms,
 * entering one about 0.5 ms. The holder ({@code cat} reading a pipe from the server) exits when the server closes
 * the pipe or dies, so a crashed server leaves nothing behind.
 */
final class ProcessView implements AutoCloseable {

    static final Path UNSHARE = Path.of("/usr/bin/unshare");
    static final Path NSENTER = Path.of("/usr/bin/nsenter");
    private static final String HOLD = "mount -t proc -o hidepid=invisible proc /proc || exit 1; echo ready; "
            + "exec cat >/dev/null";
    private static final long START_TIMEOUT_SECONDS = 10;

    private final Process holder;
    private final List<String> enter;

    private ProcessView(Process holder) {
        this.holder = holder;
        this.enter = List.of(NSENTER.toString(), "--mount=/proc/" + holder.pid() + "/ns/mnt", "--");
    }

    /**
     * Creates the namespace and waits until its {@code /proc} is mounted.
     *
     * @throws IOException if util-linux unshare/nsenter are missing or the namespace cannot be made (no
     *                     CAP_SYS_ADMIN, a kernel without per-mount procfs options)
     */
    static ProcessView start() throws IOException {
        for (Path tool : List.of(UNSHARE, NSENTER)) {
            if (!Files.isExecutable(tool)) {
                throw new IOException(tool + " is not executable (util-linux is needed to hide other users' "
                        + "processes)");
            }
        }
        Process p = new ProcessBuilder(UNSHARE.toString(), "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", HOLD).redirectErrorStream(true).start();
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
            throw new IOException("interrupted while creating a private /proc", e);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("no private /proc within " + START_TIMEOUT_SECONDS + " s");
        }
        if (!"ready".equals(first)) {
            p.destroyForcibly();
            throw new IOException("cannot create a private /proc that hides other users' processes: "
                    + (first == null ? "the namespace holder exited" : first));
        }
        return new ProcessView(p);
    }

    /**
     * The argv prefix that moves a process into the namespace and execs the rest in place.
     *
     * @throws IOException if the holder is gone (its pid could be anyone's by now)
     */
    List<String> enterCommand() throws IOException {
        if (!holder.isAlive()) {
            throw new IOException("the private /proc of this shell is gone (its holder process exited)");
        }
        return enter;
    }

    @Override
    public void close() {
        try {
            holder.getOutputStream().close();
        } catch (IOException ignored) {
            // it is being destroyed anyway
        }
        holder.destroyForcibly();
    }
}
