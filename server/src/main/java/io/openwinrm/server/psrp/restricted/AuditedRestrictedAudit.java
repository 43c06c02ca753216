package io.openwinrm.server.psrp.restricted;

import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.audit.AuditRecord;
import io.openwinrm.server.audit.TranscriptFiles;
import io.openwinrm.server.psrp.engine.EngineContext;
import io.openwinrm.server.shell.ShellContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restricted engine's audit as the WinRS restricted endpoint's ({@code AuditTrail}, {@code Transcripts}): one
 * {@code command} {@link AuditRecord} per command run (when it ends) or refused, with the caller, run-as account,
 * endpoint, roles, argv, decision and reason; and, for endpoints with a transcript directory, one transcript per
 * runspace pool with a header and every command as executed or refused, with its result.
 */
public final class AuditedRestrictedAudit implements RestrictedAudit {

    private static final Logger LOG = LoggerFactory.getLogger(AuditedRestrictedAudit.class);
    private static final TranscriptFiles.TranscriptFile NONE = new TranscriptFiles.TranscriptFile() {
        @Override
        public void write(String text) {
        }

        @Override
        public void close() {
        }
    };

    private final AuditLog log;
    private final String serverAccount;
    private final TranscriptFiles transcripts;
    private final Map<UUID, TranscriptFiles.TranscriptFile> files = new ConcurrentHashMap<>();

    /**
     * @param serverAccount the server's own account (the run-as name of shells that do not switch users)
     * @param transcripts   where transcripts are kept
     */
    public AuditedRestrictedAudit(AuditLog log, String serverAccount, TranscriptFiles transcripts) {
        this.log = Objects.requireNonNull(log, "log");
        this.serverAccount = Objects.requireNonNull(serverAccount, "serverAccount");
        this.transcripts = Objects.requireNonNull(transcripts, "transcripts");
    }

    @Override
    public void poolOpened(EngineContext context) {
        ShellContext c = context.shell();
        write(context, "**********************\nOpenWinRM transcript start\nStart time: " + Instant.now()
                + "\nUser: " + c.caller().account() + "\nRunAs user: " + c.runAsName(serverAccount)
                + "\nEndpoint: " + c.endpoint().name() + " (restricted PowerShell)"
                + (c.roles().isEmpty() ? "" : "\nRoles: " + String.join(", ", c.roles()))
                + "\nClient: " + c.clientAddress() + "\nRunspace pool: " + context.poolId()
                + "\n**********************\n");
    }

    @Override
    public void commandStarted(EngineContext context, UUID pipelineId, List<String> argv) {
        write(context, Instant.now() + " pipeline " + pipelineId + ": " + quoted(argv) + "\n");
    }

    @Override
    public void commandEnded(EngineContext context, UUID pipelineId, List<String> argv, int exitCode, long bytesIn,
            long bytesOut, Duration duration, String how) {
        ShellContext c = context.shell();
        log.record(new AuditRecord(Instant.now(), "command", c.caller().account(), c.clientAddress(),
                c.endpoint().name(), c.runAsName(serverAccount), c.roles(), argv, true, how, OptionalInt.of(exitCode),
                bytesIn, bytesOut, duration.toMillis(), context.poolId().toString().toUpperCase(Locale.ROOT),
                pipelineId.toString().toUpperCase(Locale.ROOT)));
        write(context, Instant.now() + " pipeline " + pipelineId + " " + how + " " + exitCode + ", output " + bytesOut
                + " bytes, input " + bytesIn + " bytes, " + duration.toMillis() + " ms\n");
    }

    @Override
    public void commandRefused(EngineContext context, UUID pipelineId, List<String> argv, String rule,
            String reason) {
        ShellContext c = context.shell();
        log.record(new AuditRecord(Instant.now(), "command", c.caller().account(), c.clientAddress(),
                c.endpoint().name(), c.runAsName(serverAccount), c.roles(), argv, false, rule + ": " + reason,
                OptionalInt.empty(), 0, 0, 0, context.poolId().toString().toUpperCase(Locale.ROOT),
                pipelineId.toString().toUpperCase(Locale.ROOT)));
        write(context, Instant.now() + " REFUSED " + quoted(argv) + " (" + rule + ": " + reason + ")\n");
    }

    @Override
    public void poolClosed(EngineContext context) {
        write(context, "**********************\nOpenWinRM transcript end\nEnd time: " + Instant.now()
                + "\n**********************\n");
        TranscriptFiles.TranscriptFile file = files.remove(context.poolId());
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.error("cannot close the transcript of runspace pool {}: {}", context.poolId(), e.getMessage());
            }
        }
    }

    private void write(EngineContext context, String text) {
        ShellContext c = context.shell();
        if (c.endpoint().transcripts().isEmpty()) {
            return;
        }
        TranscriptFiles.TranscriptFile file = files.computeIfAbsent(context.poolId(), id -> transcripts.open(
                c.endpoint().transcripts().orElseThrow(), new TranscriptFiles.ShellTranscript(c.caller().account(),
                        id.toString().toUpperCase(Locale.ROOT), Instant.now(), c.sandbox())).orElse(NONE));
        try {
            file.write(text);
        } catch (IOException e) {
            LOG.error("cannot write the transcript of runspace pool {}: {}", context.poolId(), e.getMessage());
        }
    }

    private static String quoted(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String word : argv) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(!word.isEmpty() && word.chars().allMatch(ch -> ch > 0x20 && ch != '\'' && ch != '"' && ch != '\\')
                    ? word : "'" + word.replace("'", "'\\''") + "'");
        }
        return b.toString().replace("\n", "\\n").replace("\r", "\\r");
    }
}
