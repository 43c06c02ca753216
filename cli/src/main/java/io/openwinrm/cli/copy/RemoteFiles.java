package io.openwinrm.cli.copy;

import io.openwinrm.client.Command;
import io.openwinrm.client.Shell;
import io.openwinrm.client.WinRmException;
import io.openwinrm.protocol.shell.StreamNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The host's side of a copy, as POSIX shell commands run one after the other in one WinRS shell (coreutils and
 * findutils on the host: {@code mktemp}, {@code sha256sum}, {@code stat -c}, {@code find -printf}, {@code touch -d}).
 * Every path is passed single-quoted, so no file name is ever interpreted by the shell. A file is written to a
 * temporary name made by {@code mktemp} in its directory (mode 0600), its SHA-256 compared with the one computed
 * here while sending, and only then renamed into place; a download is hashed on the host after it was read and
 * compared with what arrived.
 */
public final class RemoteFiles {

    /** The size of each piece of a file sent as standard input. */
    static final int CHUNK = 1 << 20;

    private final Shell shell;
    private final Progress progress;

    public RemoteFiles(Shell shell, Progress progress) {
        this.shell = shell;
        this.progress = progress;
    }

    /** A file system entry on the host. */
    record Entry(String relative, boolean directory, int mode, long mtimeSeconds, long size) {
    }

    /** Whether {@code path} is a directory on the host (following links, as scp does for the destination). */
    public boolean isDirectory(String path) {
        return run("if [ -d " + quote(path) + " ]; then echo d; else echo f; fi", null).stdout().strip()
                .equals("d");
    }

    /** What {@code path} is on the host; empty when it does not exist (or cannot be reached). */
    Optional<Entry> stat(String path) {
        Result r = run("stat -L -c '%F|%a|%Y|%s' -- " + quote(path), null);
        if (r.exit() != 0) {
            return Optional.empty();
        }
        String[] f = r.stdout().strip().split("\\|");
        if (f.length != 4) {
            throw new CopyFailure(path + ": unexpected answer from stat on the host: " + r.stdout().strip());
        }
        return Optional.of(new Entry("", f[0].equals("directory"), Integer.parseInt(f[1], 8), Long.parseLong(f[2]),
                Long.parseLong(f[3])));
    }

    /** Everything under {@code dir} (directories before their contents; links and special files left out). */
    List<Entry> list(String dir) {
        Result r = run("find " + quote(dir) + " -mindepth 1 \\( -type d -printf 'd %m %T@ 0 %P\\0' \\) -o "
                + "\\( -type f -printf 'f %m %T@ %s %P\\0' \\)", null);
        if (r.exit() != 0) {
            throw new CopyFailure(dir + ": cannot list it on the host: " + r.error());
        }
        List<Entry> entries = new ArrayList<>();
        for (String item : r.stdout().split("\0")) {
            if (item.isEmpty()) {
                continue;
            }
            String[] f = item.split(" ", 5);
            long mtime = (long) Double.parseDouble(f[2]);
            entries.add(new Entry(f[4], f[0].equals("d"), Integer.parseInt(f[1], 8), mtime, Long.parseLong(f[3])));
        }
        return entries;
    }

    /** {@code mkdir -p}, with {@code mode} when given. */
    void mkdirs(String path, Optional<Integer> mode) {
        Result r = run("mkdir -p -- " + quote(path) + mode.map(m -> " && chmod " + Integer.toOctalString(m) + " -- "
                + quote(path)).orElse(""), null);
        if (r.exit() != 0) {
            throw new CopyFailure(path + ": cannot create the directory on the host: " + r.error());
        }
    }

    /**
     * Writes {@code in} ({@code size} bytes) to {@code path} on the host: a temporary file beside it, SHA-256
     * compared, then renamed; mode {@code mode}, and the modification time when given.
     */
    void put(InputStream in, long size, String path, int mode, Optional<Long> mtimeSeconds, String label) {
        String script = "set -e; umask 077; t=$(mktemp \"$(dirname -- " + quote(path)
                + ")/.openwinrm-copy.XXXXXX\"); printf '%s\\n' \"$t\"; cat > \"$t\"; sha256sum < \"$t\"";
        MessageDigest sha = sha256();
        progress.start(label, size);
        Result r;
        try (Command cmd = shell.execute(script, List.of())) {
            Thread feeder = feed(cmd, in, sha);
            r = collect(cmd, null);
            join(feeder);
        }
        String[] lines = r.stdout().split("\n");
        if (r.exit() != 0 || lines.length < 2) {
            if (lines.length >= 1 && lines[0].contains(".openwinrm-copy.")) {
                run("rm -f -- " + quote(lines[0]), null);
            }
            throw new CopyFailure(path + ": cannot write it on the host: " + r.error());
        }
        String temp = lines[0];
        String theirs = lines[1].split(" ")[0];
        String ours = HexFormat.of().formatHex(sha.digest());
        if (!theirs.equals(ours)) {
            run("rm -f -- " + quote(temp), null);
            throw new CopyFailure(path + ": SHA-256 differs after the transfer (sent " + ours + ", the host has "
                    + theirs + "); nothing was written");
        }
        Result done = run("chmod " + Integer.toOctalString(mode) + " -- " + quote(temp)
                + mtimeSeconds.map(t -> " && touch -d @" + t + " -- " + quote(temp)).orElse("")
                + " && mv -f -- " + quote(temp) + " " + quote(path), null);
        if (done.exit() != 0) {
            run("rm -f -- " + quote(temp), null);
            throw new CopyFailure(path + ": cannot put it in place on the host: " + done.error());
        }
        progress.end();
    }

    /**
     * Reads {@code path} from the host into {@code out}; the host's SHA-256 of the file (taken after it was read) must
     * equal that of what arrived.
     */
    void get(String path, long size, OutputStream out, String label) {
        MessageDigest sha = sha256();
        progress.start(label, size);
        Result r;
        try (Command cmd = shell.execute("cat -- " + quote(path) + " && sha256sum < " + quote(path) + " >&2",
                List.of())) {
            cmd.sendInput(new byte[0], true);
            r = collect(cmd, data -> {
                sha.update(data);
                try {
                    out.write(data);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                progress.advance(data.length);
            });
        } catch (UncheckedIOException e) {
            throw new CopyFailure(path + ": cannot write it here: " + e.getCause().getMessage());
        }
        String[] err = r.stderr().strip().split("\n");
        String theirs = err[err.length - 1].split(" ")[0];
        if (r.exit() != 0) {
            throw new CopyFailure(path + ": cannot read it on the host: " + r.error());
        }
        String ours = HexFormat.of().formatHex(sha.digest());
        if (!theirs.equals(ours)) {
            throw new CopyFailure(path + ": SHA-256 differs after the transfer (the host has " + theirs
                    + ", arrived " + ours + "; it changed while being read?)");
        }
        progress.end();
    }

    /** What a command printed and its exit code. */
    record Result(int exit, String stdout, String stderr) {
        /** The host's error message, one line. */
        String error() {
            String e = stderr.strip();
            return e.isEmpty() ? "exit code " + exit : e.lines().reduce((a, b) -> b).orElse(e);
        }
    }

    /** Bytes of standard output, as they arrive. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] data);
    }

    private Result run(String script, Sink stdout) {
        try (Command cmd = shell.execute(script, List.of())) {
            cmd.sendInput(new byte[0], true);
            return collect(cmd, stdout);
        }
    }

    private static Result collect(Command cmd, Sink stdout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = cmd.await((stream, data) -> {
            if (StreamNames.STDERR.equals(stream)) {
                if (err.size() < 64 * 1024) {
                    err.writeBytes(data);
                }
            } else if (stdout != null) {
                stdout.accept(data);
            } else {
                out.writeBytes(data);
            }
        });
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Sends {@code in} as standard input in {@link #CHUNK}s, hashing it, from a thread of its own. */
    private Thread feed(Command cmd, InputStream in, MessageDigest sha) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[CHUNK];
            try {
                int n;
                while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                    sha.update(buf, 0, n);
                    cmd.sendInput(java.util.Arrays.copyOf(buf, n), false);
                    progress.advance(n);
                }
                cmd.sendInput(new byte[0], true);
            } catch (IOException | WinRmException | IllegalStateException e) {
                // the command ended early (it failed); its exit code and stderr say why
            }
        }, "copy-upload");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code s} single-quoted for sh: nothing in it is interpreted. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
