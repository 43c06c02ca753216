package io.openwinrm.server.audit;

import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.shell.CloseReason;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellContext;
import io.openwinrm.server.shell.ShellListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-shell transcripts for endpoints with a transcript directory (JEA's {@code TranscriptDirectory}): one text file
 * per shell, {@code <dir>/<yyyyMMdd'T'HHmmss>-<user>-<shellId>.txt}, mode 0600 and owned by the server (users get no
 * access), with a header (user, run-as, endpoint, roles, client), every command as executed or refused, and each
 * command's result (exit code, bytes, duration). Command output is not copied into the transcript.
 */
public final class Transcripts implements ShellListener {

    private static final Logger LOG = LoggerFactory.getLogger(Transcripts.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    private final String serverAccount;

    public Transcripts(String serverAccount) {
        this.serverAccount = Objects.requireNonNull(serverAccount, "serverAccount");
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
        Path dir = shell.context().endpoint().transcripts().orElse(null);
        if (dir == null) {
            return;
        }
        Path file = dir.resolve(FILE_TIME.format(shell.createdAt()) + "-" + safe(shell.owner()) + "-" + shell.id()
                + ".txt");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.error("cannot write transcript {}: {}", file, e.getMessage());
        }
    }

    private static String safe(String user) {
        return user.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
