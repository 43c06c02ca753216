package io.openwinrm.server.audit;

import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.shell.CloseReason;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellContext;
import io.openwinrm.server.shell.ShellListener;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Turns shell lifecycle events and access decisions into {@link AuditRecord}s: one {@code command} record per
 * invocation (when it exits, or when a restricted endpoint refuses it), one {@code pipeline} record per PowerShell
 * pipeline, {@code shell} records when shells open and close, {@code access} records when an endpoint admits or refuses a caller.
 */
public final class AuditTrail implements ShellListener {

    private final AuditLog log;
    private final String serverAccount;

    /**
     * @param serverAccount the account the server runs as: the run-as of shells that do not switch users
     */
    public AuditTrail(AuditLog log, String serverAccount) {
        this.log = Objects.requireNonNull(log, "log");
        this.serverAccount = Objects.requireNonNull(serverAccount, "serverAccount");
    }

    /** An endpoint's access decision for a caller (or the refusal of a caller with no OS account). */
    public void access(String user, String clientIp, String endpoint, String action, boolean allowed,
                       String reason) {
        log.record(new AuditRecord(Instant.now(), "access", user, clientIp, endpoint, null, List.of(),
                List.of(), allowed, action + ": " + reason, OptionalInt.empty(), 0, 0, 0, null, null));
    }

    @Override
    public void shellCreated(Shell shell) {
        shellEvent(shell, "opened");
    }

    @Override
    public void shellClosed(Shell shell, CloseReason reason) {
        shellEvent(shell, "closed: " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }

    private void shellEvent(Shell shell, String what) {
        ShellContext c = shell.context();
        log.record(new AuditRecord(Instant.now(), "shell", shell.owner(), shell.clientAddress(), c.endpoint().name(),
                c.runAsName(serverAccount), c.roles(), List.of(), true, what, OptionalInt.empty(), 0, 0, 0,
                shell.id(), null));
    }

    @Override
    public void commandExited(Shell shell, RunningCommand command, int exitCode, long stdoutBytes,
                              long stderrBytes) {
        ShellContext c = shell.context();
        String reason = command.limitExceeded().map(l -> "stopped: " + l).orElse("exited");
        log.record(new AuditRecord(Instant.now(), "command", shell.owner(), shell.clientAddress(),
                c.endpoint().name(), c.runAsName(serverAccount), c.roles(), command.argv(), true, reason,
                OptionalInt.of(exitCode), command.stdinBytes(), stdoutBytes + stderrBytes,
                command.duration().toMillis(), shell.id(), command.id()));
    }

    /** A {@code pipeline} record per PowerShell pipeline: what it runs, in words (argv holds the commands). */
    @Override
    public void pipelineStarted(Shell shell, String pipelineId, List<String> commands) {
        ShellContext c = shell.context();
        log.record(new AuditRecord(Instant.now(), "pipeline", shell.owner(), shell.clientAddress(),
                c.endpoint().name(), c.runAsName(serverAccount), c.roles(), commands, true, "started",
                OptionalInt.empty(), 0, 0, 0, shell.id(), pipelineId));
    }

    @Override
    public void commandRefused(Shell shell, CommandSpec command, String rule, String reason) {
        ShellContext c = shell.context();
        log.record(new AuditRecord(Instant.now(), "command", shell.owner(), shell.clientAddress(),
                c.endpoint().name(), c.runAsName(serverAccount), c.roles(), command.argvForAudit(), false,
                rule + ": " + reason, OptionalInt.empty(), 0, 0, 0, shell.id(), null));
    }
}
