package io.openwinrm.server.audit;

import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.shell.CloseReason;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellContext;
import io.openwinrm.server.shell.ShellListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-shell transcripts for endpoints with a transcript directory (JEA's {@code TranscriptDirectory}): one text file
 * per shell, {@code <dir>/<yyyyMMdd'T'HHmmss>-<user>-<shellId>-<random>.txt}, mode 0600 and owned by the server
 * (users get no access), with a header (user, run-as, endpoint, roles, client), every command as executed or
 * refused, and each command's result (exit code, bytes, duration). Command output is not copied into the transcript.
 *
 * <p>The server writes as root into a directory an operator chose, so (issue 9, finding 7) the directory must pass
 * {@link TranscriptDirectory#check} (checked again at each shell), the name ends with 64 random bits (a client may
 * choose its ShellId), and the file is created exclusively without following a symbolic link, then kept open for
 * the life of the shell: no later write looks the name up again.
 */
public final class Transcripts implements ShellListener {

    private static final Logger LOG = LoggerFactory.getLogger(Transcripts.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Marks a shell whose transcript could not be created (logged once). */
    private static final FileChannel CLOSED = closedChannel();

    private final String serverAccount;
    private final int serverUid;
    private final Map<Shell, FileChannel> files = new ConcurrentHashMap<>();

    /**
     * @param serverAccount the server's own account name (the run-as name of shells that do not switch)
     * @param serverUid     its uid: transcript directories must belong to root or to it
     */
    public Transcripts(String serverAccount, int serverUid) {
        this.serverAccount = Objects.requireNonNull(serverAccount, "serverAccount");
        this.serverUid = serverUid;
    }

    private static FileChannel closedChannel() {
        try {
            FileChannel c = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
            c.close();
            return c;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open /dev/null", e);
        }
    }

    @Override
    public void shellCreated(Shell shell) {
        ShellContext c = shell.context();
        write(shell, "**********************\nOpenWinRM transcript start\nStart time: " + Instant.now()
                + "\nUser: " + shell.owner() + "\nRunAs user: " + c.runAsName(serverAccount)
                + "\nEndpoint: " + c.endpoint().name() + " (" + c.endpoint().kind().text() + ")"
                + (c.roles().isEmpty() ? "" : "\nRoles: " + String.join(", ", c.roles()))
                + "\nClient: " + shell.clientAddress() + "\nShell: " + shell.id() + "\n**********************\n");
    }

    @Override
    public void commandStarted(Shell shell, RunningCommand command) {
        write(shell, Instant.now() + " command " + command.id() + ": " + quoted(command) + "\n");
    }

    @Override
    public void commandExited(Shell shell, RunningCommand command, int exitCode, long stdoutBytes,
                              long stderrBytes) {
        write(shell, Instant.now() + " command " + command.id() + " exited " + exitCode
                + command.limitExceeded().map(l -> " (" + l + ")").orElse("") + ", stdout " + stdoutBytes
                + " bytes, stderr " + stderrBytes + " bytes, stdin " + command.stdinBytes() + " bytes, "
                + command.duration().toMillis() + " ms\n");
    }

    @Override
    public void commandRefused(Shell shell, CommandSpec command, String rule, String reason) {
        write(shell, Instant.now() + " REFUSED " + String.join(" ", command.argvForAudit()) + " (" + rule + ": "
                + reason + ")\n");
    }

    @Override
    public void shellClosed(Shell shell, CloseReason reason) {
        write(shell, "**********************\nOpenWinRM transcript end\nEnd time: " + Instant.now() + " ("
                + reason.name().toLowerCase(java.util.Locale.ROOT) + ")\n**********************\n");
        FileChannel channel = files.remove(shell);
        if (channel != null && channel != CLOSED) {
            synchronized (channel) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.error("cannot close the transcript of shell {}: {}", shell.id(), e.getMessage());
                }
            }
        }
    }

    private static String quoted(RunningCommand command) {
        StringBuilder b = new StringBuilder();
        for (String word : command.argv()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(word.chars().allMatch(ch -> ch > 0x20 && ch != '\'' && ch != '"' && ch != '\\') ? word
                    : "'" + word.replace("'", "'\\''") + "'");
        }
        return b.toString().replace("\n", "\\n");
    }

    private void write(Shell shell, String text) {
        if (shell.context().endpoint().transcripts().isEmpty()) {
            return;
        }
        FileChannel channel = files.computeIfAbsent(shell, this::open);
        if (channel == CLOSED) {
            return;
        }
        synchronized (channel) {
            try {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                LOG.error("cannot write the transcript of shell {}: {}", shell.id(), e.getMessage());
            }
        }
    }

    /** Creates the shell's transcript: a new file (never an existing one or a link), mode 0600. */
    private FileChannel open(Shell shell) {
        Path dir = shell.context().endpoint().transcripts().orElseThrow();
        Path file = dir.resolve(FILE_TIME.format(shell.createdAt()) + "-" + safe(shell.owner()) + "-" + shell.id()
                + "-" + HexFormat.of().formatHex(randomBytes()) + ".txt");
        try {
            TranscriptDirectory.check(dir, serverUid);
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            TranscriptDirectory.check(dir, serverUid);
            return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.error("no transcript for shell {} in {}: {}", shell.id(), dir, e.getMessage());
            return CLOSED;
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String safe(String user) {
        return user.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
