package io.openwinrm.server.shell;

import io.openwinrm.policy.access.Subject;
import io.openwinrm.policy.restrict.CommandPolicy;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.identity.OsIdentity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything about a shell that comes from its endpoint and its caller, fixed when the shell is created: the endpoint
 * as it was then (re-registering never disturbs running shells), the caller, the OS account commands run as, the
 * sandbox that enforces the endpoint's limits, and on a restricted endpoint the caller's merged command policy.
 *
 * @param endpoint the endpoint the shell was created on
 * @param caller   the authenticated caller
 * @param runAs    the OS account its processes run as; empty for the server's own account
 * @param sandbox  the shell's OS sandbox ({@link Sandbox#NONE} when the endpoint sets no limits)
 * @param policy   restricted endpoints: what the caller may run
 * @param roles    restricted endpoints: the caller's role names
 * @param release  run once after the shell closed and its processes were reaped (sandbox, temporary account)
 * @param clientAddress the address of the client that created the shell, or null
 */
public record ShellContext(Endpoint endpoint, Caller caller, Optional<OsIdentity> runAs, Sandbox sandbox,
                           Optional<CommandPolicy> policy, List<String> roles, Runnable release,
                           String clientAddress) {

    public ShellContext {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(runAs, "runAs");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(policy, "policy");
        roles = List.copyOf(roles);
        Objects.requireNonNull(release, "release");
        if (endpoint.kind() == EndpointKind.RESTRICTED && policy.isEmpty()) {
            throw new IllegalArgumentException("a restricted endpoint needs a command policy");
        }
    }

    /**
     * A shell on the default endpoint, as the server's own account, no limits: what a server without endpoint
     * configuration (and the unit tests) use.
     */
    public static ShellContext unrestricted(String owner) {
        return new ShellContext(Endpoint.defaultShell(), new Caller(owner, Optional.empty(),
                new Subject(owner, Set.of(), true)), Optional.empty(), Sandbox.NONE, Optional.empty(), List.of(),
                () -> { }, null);
    }

    /** The name of the account commands run as, for audits. */
    public String runAsName(String serverAccount) {
        return runAs.map(OsIdentity::name).orElse(serverAccount);
    }

    public boolean restricted() {
        return endpoint.kind() == EndpointKind.RESTRICTED;
    }
}
