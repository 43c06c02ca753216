package io.openwinrm.server.access;

import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.server.identity.ServerAccount;
import io.openwinrm.server.identity.TemporaryAccounts;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's security model, handed to {@code WinRmServer.start}: the registered endpoints, who callers are on
 * this host, temporary accounts for endpoints that use them, and where audit records go.
 *
 * @param endpoints         the endpoints (may change while the server runs)
 * @param callers           authenticated name → OS account and access subject
 * @param temporaryAccounts creates and removes per-connection accounts, when the server can
 * @param audit             audit sink
 * @param hideOtherUsersProcesses when commands run as an account that is not an administrator, show them only
 *                          their own account's processes ({@code /proc} with hidepid; administrators see all)
 * @param authority         decides Create, Connect and Reconnect against an endpoint ({@link AccessAuthority#LOCAL}:
 *                          the endpoint's access list)
 */
public record AccessControl(EndpointRegistry endpoints, CallerResolver callers,
                            Optional<TemporaryAccounts> temporaryAccounts, AuditLog audit,
                            boolean hideOtherUsersProcesses, AccessAuthority authority) {

    public AccessControl {
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(callers, "callers");
        Objects.requireNonNull(temporaryAccounts, "temporaryAccounts");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(authority, "authority");
    }

    /** Decided by the endpoints' own access lists. */
    public AccessControl(EndpointRegistry endpoints, CallerResolver callers,
                         Optional<TemporaryAccounts> temporaryAccounts, AuditLog audit,
                         boolean hideOtherUsersProcesses) {
        this(endpoints, callers, temporaryAccounts, audit, hideOtherUsersProcesses, AccessAuthority.LOCAL);
    }

    /** With other users' processes hidden from non-administrators (the default). */
    public AccessControl(EndpointRegistry endpoints, CallerResolver callers,
                         Optional<TemporaryAccounts> temporaryAccounts, AuditLog audit) {
        this(endpoints, callers, temporaryAccounts, audit, true);
    }

    /**
     * The built-in endpoints, every command as the server's own account, no audit file: a developer's server and
     * the in-process tests.
     */
    public static AccessControl singleUser() {
        return new AccessControl(EndpointRegistry.defaults(), new CallerResolver(new ServerAccount(),
                IsolationMode.OFF), Optional.empty(), AuditLog.NONE);
    }
}
