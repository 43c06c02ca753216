package io.openwinrm.cli.copy;

import io.openwinrm.client.Command;
import io.openwinrm.client.Shell;
import io.openwinrm.client.WinRmException;
import io.openwinrm.protocol.shell.StreamNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host's side of a copy, as POSIX shell commands in WinRS shells (coreutils and findutils on the host:
 * {@code mktemp}, {@code dd}, {@code stat -c}, {@code find -printf}, {@code touch -d}; {@code openssl} or
 * {@code sha256sum}). Every path is passed single-quoted, so no file name is ever interpreted by the shell. A file is
 * written to a temporary name made by {@code mktemp} in its directory (mode 0600), in {@link Parts parts} that travel
 * at once through shells of their own, each part's SHA-256 compared with the host's hash of what it wrote, its size
 * checked, and only then renamed into place; a download's parts are hashed on the host after they were read and
 * compared with what arrived.
 */
public final class RemoteFiles implements AutoCloseable {

    /** The size of each piece of a file sent as standard input. */
    static final int CHUNK = 1 << 20;

    /**
     * A shell function {@code sha256} hashing its standard input, printing the hex digest first on its line: OpenSSL
     * where the host has it (SHA extensions: ~1.7 GB/s here, against ~0.37 GB/s for coreutils' {@code sha256sum}),
     * {@code sha256sum} otherwise.
     */
    static final String SHA256_FUNCTION = "sha256() { if command -v openssl >/dev/null 2>&1; then "
            + "openssl dgst -sha256 -r; else sha256sum; fi; }; ";

    private final Shell shell;
    private final Supplier<Shell> moreShells;
    private final List<Shell> lanes = new ArrayList<>();
    private final Progress progress;

    /**
     * @param moreShells opens another shell on the same host, for the {@link Parts parts} of a large file to travel
     *                   at once; the shells it opens are closed by {@link #close()}
     */
    public RemoteFiles(Shell shell, Supplier<Shell> moreShells, Progress progress) {
        this.shell = shell;
        this.moreShells = moreShells;
        this.progress = progress;
        lanes.add(shell);
    }

    /** Closes the extra shells. */
    @Override
    public void close() {
        for (Shell s : lanes.subList(1, lanes.size())) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // the host ends it when its idle timeout passes
            }
        }
        lanes.subList(1, lanes.size()).clear();
    }

    /** Up to {@code n} shells to move parts through, {@link #shell} first: fewer when the host refuses more. */
    private List<Shell> lanes(int n) {
        while (lanes.size() < n) {
            try {
                lanes.add(moreShells.get());
            } catch (RuntimeException e) {
                break; // a quota, say: the parts share the shells there are
            }
        }
        return List.copyOf(lanes.subList(0, Math.min(n, lanes.size())));
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
     * Writes the file {@code source} ({@code size} bytes) to {@code path} on the host: a temporary file beside it,
     * written in {@link Parts parts} at once (each through its own command and connection, each part's SHA-256
     * compared with the host's hash of what it wrote), its size checked, then renamed; mode {@code mode}, and the
     * modification time when given.
     */
    void put(Path source, long size, String path, int mode, Optional<Long> mtimeSeconds, String label)
            throws IOException {
        Result made = run("set -e; umask 077; mktemp \"$(dirname -- " + quote(path) + ")/.openwinrm-copy.XXXXXX\"",
                null);
        String temp = made.stdout().strip();
        if (made.exit() != 0 || !temp.contains(".openwinrm-copy.") || temp.contains("\n")) {
            throw new CopyFailure(path + ": cannot write it on the host: " + made.error());
        }
        progress.start(label, size);
        try (FileChannel file = FileChannel.open(source, StandardOpenOption.READ)) {
            List<String> failures = Parts.run(size, lanes(Parts.wanted(size)),
                    (lane, part) -> putPart(lane, file, part, temp));
            if (!failures.isEmpty()) {
                throw new CopyFailure(path + ": " + failures.get(0));
            }
            Result done = run("n=$(stat -c %s -- " + quote(temp) + ") && { [ \"$n\" = " + size + " ] || { echo "
                    + "\"the file has $n bytes there, not " + size + "\" >&2; exit 1; }; } && chmod "
                    + Integer.toOctalString(mode) + " -- " + quote(temp)
                    + mtimeSeconds.map(t -> " && touch -d @" + t + " -- " + quote(temp)).orElse("")
                    + " && mv -f -- " + quote(temp) + " " + quote(path), null);
            if (done.exit() != 0) {
                throw new CopyFailure(path + ": cannot put it in place on the host: " + done.error());
            }
        } catch (IOException | RuntimeException e) {
            run("rm -f -- " + quote(temp), null);
            throw e;
        }
        progress.end();
    }

    /** One part up: sent as standard input to a {@code dd} writing it in place, then hashed there; null when good. */
    private String putPart(Shell lane, FileChannel file, Parts.Part part, String temp) {
        String script = SHA256_FUNCTION + "set -e; dd of=" + quote(temp) + " bs=1M oflag=seek_bytes seek="
                + part.offset() + " conv=notrunc status=none; " + part.read(quote(temp)) + " | sha256";
        MessageDigest sha = sha256();
        Result r;
        try (Command cmd = lane.execute(script, List.of())) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, part.length())));
            long at = part.offset();
            long end = part.offset() + part.length();
            try {
                while (at < end) {
                    buf.clear().limit((int) Math.min(buf.capacity(), end - at));
                    int n = file.read(buf, at);
                    if (n < 0) {
                        return "the file shrank while being sent";
                    }
                    sha.update(buf.array(), 0, n);
                    // sendInput copies what it sends before it returns: a full buffer goes as it is
                    cmd.sendInput(n == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), n), false);
                    progress.advance(n);
                    at += n;
                }
                cmd.sendInput(new byte[0], true);
            } catch (IOException e) {
                return "cannot read it here: " + e.getMessage();
            } catch (WinRmException | IllegalStateException e) {
                // the command ended early (it failed); its exit code and stderr say why
            }
            r = collect(cmd, null);
        }
        if (r.exit() != 0) {
            return "cannot write it on the host: " + r.error();
        }
        String theirs = r.stdout().strip().split(" ")[0];
        String ours = HexFormat.of().formatHex(sha.digest());
        return theirs.equals(ours) ? null : "SHA-256 of bytes " + part.offset() + ".." + (part.offset() + part.length())
                + " differs after the transfer (sent " + ours + ", the host has " + theirs + "); nothing was written";
    }

    /**
     * Reads {@code path} (expected to be {@code size} bytes) from the host into the file {@code target} here, in
     * {@link Parts parts} at once; the host's SHA-256 of each part, taken after it was read, must equal that of what
     * arrived.
     */
    void get(String path, long size, Path target, String label) throws IOException {
        progress.start(label, size);
        try (FileChannel file = FileChannel.open(target, StandardOpenOption.WRITE)) {
            List<String> failures = Parts.run(size, lanes(Parts.wanted(size)),
                    (lane, part) -> getPart(lane, file, part, path));
            if (!failures.isEmpty()) {
                throw new CopyFailure(path + ": " + failures.get(0));
            }
        }
        progress.end();
    }

    /** One part down, written at its offset; null when good. */
    private String getPart(Shell lane, FileChannel file, Parts.Part part, String path) {
        MessageDigest sha = sha256();
        long[] at = {part.offset()};
        Result r;
        try (Command cmd = lane.execute(SHA256_FUNCTION + part.read(quote(path)) + " && " + part.read(quote(path))
                + " | sha256 >&2", List.of())) {
            cmd.sendInput(new byte[0], true);
            r = collect(cmd, data -> {
                if (at[0] + data.length > part.offset() + part.length()) {
                    throw new CopyFailure("it grew while being read");
                }
                sha.update(data);
                try {
                    ByteBuffer b = ByteBuffer.wrap(data);
                    while (b.hasRemaining()) {
                        at[0] += file.write(b, at[0]);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                progress.advance(data.length);
            });
        } catch (UncheckedIOException e) {
            return "cannot write it here: " + e.getCause().getMessage();
        } catch (CopyFailure e) {
            return e.getMessage();
        }
        if (r.exit() != 0) {
            return "cannot read it on the host: " + r.error();
        }
        if (at[0] != part.offset() + part.length()) {
            return "it shrank while being read (" + (at[0] - part.offset()) + " of " + part.length()
                    + " bytes of a part arrived)";
        }
        String[] err = r.stderr().strip().split("\n");
        String theirs = err[err.length - 1].split(" ")[0];
        String ours = HexFormat.of().formatHex(sha.digest());
        return theirs.equals(ours) ? null : "SHA-256 differs after the transfer (the host has " + theirs
                + ", arrived " + ours + "; it changed while being read?)";
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
