package io.openwinrm.cli.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where log lines go: standard error, or a file opened for appending (mode 0640 when created), which
 * {@link #reopen()} opens again by name — what {@code SIGHUP} does after logrotate moved it away. Whole lines are
 * written under one lock, so lines of concurrent threads (and of a relayed child process) never interleave.
 */
public final class LogSink {

    private Optional<Path> file = Optional.empty();
    /** The open file; null while logging to standard error (looked up at each line, as System.setErr may change it). */
    private OutputStream out;

    LogSink() {
    }

    /** Logs to {@code file} from now on (standard error when empty). */
    public synchronized void useFile(Optional<Path> path) throws IOException {
        OutputStream next = path.isPresent() ? open(path.get()) : null;
        closeFile();
        file = path;
        out = next;
    }

    /** Opens the file again by its name (log rotation); a failure keeps the old stream and says so on stderr. */
    public synchronized void reopen() {
        if (file.isEmpty()) {
            return;
        }
        try {
            OutputStream next = open(file.get());
            closeFile();
            out = next;
        } catch (IOException e) {
            System.err.println("openwinrm: cannot reopen the log file " + file.get() + ": " + e.getMessage());
        }
    }

    /** One line; a newline is added. */
    public synchronized void line(String text) {
        if (out == null) {
            PrintStream console = System.err;
            console.println(text);
            console.flush();
            return;
        }
        try {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            System.err.println(text);
        }
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the old file is gone or full: nothing more to say there
            }
        }
    }

    private static OutputStream open(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException(path + " is a symbolic link: refusing to log through it");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-r-----")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // created meanwhile: append to it
            }
        }
        return Files.newOutputStream(path, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }
}
