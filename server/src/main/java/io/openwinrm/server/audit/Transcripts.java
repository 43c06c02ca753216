package io.openwinrm.server.audit;

import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.shell.CloseReason;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellContext;
import io.openwinrm.server.shell.ShellListener;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-shell transcripts for endpoints with a transcript directory (JEA's {@code TranscriptDirectory}): one text file
 * per shell, {@code <dir>/<yyyyMMdd'T'HHmmss>-<user>-<shellId>-<random>.txt}, mode 0600 and owned by the server
 * (users get no access), with a header (user, run-as, endpoint, roles, client), every command as executed or
 * refused, and each command's result (exit code, bytes, duration). Command output is not copied into the transcript.
 *
 * <p>The files are kept by a {@link TranscriptFiles} store ({@link LocalTranscriptFiles} in this process).
 */
public final class Transcripts implements ShellListener {

    private static final Logger LOG = LoggerFactory.getLogger(Transcripts.class);
    /** Marks a shell whose transcript could not be had (logged once, by the store). */
    private static final TranscriptFiles.TranscriptFile NONE = new TranscriptFiles.TranscriptFile() {
        @Override
        public void write(String text) {
        }

        @Override
        public void close() {
        }
    };

    private final String serverAccount;
    private final TranscriptFiles store;
    private final Map<Shell, TranscriptFiles.TranscriptFile> files = new ConcurrentHashMap<>();

    /**
     * @param serverAccount the server's own account name (the run-as name of shells that do not switch)
     * @param serverUid     its uid: transcript directories must belong to root or to it
     */
    public Transcripts(String serverAccount, int serverUid) {
        this(serverAccount, new LocalTranscriptFiles(serverUid));
    }

    /** Transcripts kept by {@code store}. */
    public Transcripts(String serverAccount, TranscriptFiles store) {
        this.serverAccount = Objects.requireNonNull(serverAccount, "serverAccount");
        this.store = Objects.requireNonNull(store, "store");
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
        TranscriptFiles.TranscriptFile file = files.remove(shell);
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.error("cannot close the transcript of shell {}: {}", shell.id(), e.getMessage());
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
        TranscriptFiles.TranscriptFile file = files.computeIfAbsent(shell, s -> store.open(
                s.context().endpoint().transcripts().orElseThrow(), new TranscriptFiles.ShellTranscript(s.owner(),
                        s.id(), s.createdAt(), s.context().sandbox())).orElse(NONE));
        try {
            file.write(text);
        } catch (IOException e) {
            LOG.error("cannot write the transcript of shell {}: {}", shell.id(), e.getMessage());
        }
    }
}
