package io.openwinrm.server.audit;

import io.openwinrm.auth.credssp.CredSspCredentialCheck;
import io.openwinrm.auth.credssp.TsPasswordCredentials;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.ConnectionInfo;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Audits every CredSSP logon ([MS-CSSP] 3.1.5 step 5): a {@code logon} record whose reason says that the client
 * delegated its credentials to this server, or why they were refused. Wraps the check that decides.
 */
public final class DelegationAudit implements CredSspCredentialCheck {

    private final CredSspCredentialCheck check;
    private final AuditLog log;

    public DelegationAudit(CredSspCredentialCheck check, AuditLog log) {
        this.check = Objects.requireNonNull(check, "check");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public AuthStep verify(AuthStep.Success inner, TsPasswordCredentials credentials, ConnectionInfo connection) {
        AuthStep verdict = check.verify(inner, credentials, connection);
        boolean allowed = verdict instanceof AuthStep.Success;
        String reason = allowed
                ? "CredSSP: credentials delegated to this server (user " + credentials + ")"
                : "CredSSP: delegated credentials refused: " + ((AuthStep.Failure) verdict).reason();
        log.record(new AuditRecord(Instant.now(), "logon", inner.user().name(),
                connection.remoteAddress().getAddress() == null ? connection.remoteAddress().getHostString()
                        : connection.remoteAddress().getAddress().getHostAddress(),
                null, null, List.of(), List.of(), allowed, reason, OptionalInt.empty(), 0, 0, 0, null, null));
        return verdict;
    }
}
