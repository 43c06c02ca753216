package io.openwinrm.server.dispatch;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.policy.access.AccessDecision;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.audit.AuditTrail;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.shell.ShellNotFoundException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorization, right after authentication and before any handler runs: who the caller is on this host, and, for
 * the operations that open or take over a shell (Create, Connect, Reconnect), whether an endpoint's access list
 * admits them (deny wins; nothing matched is a refusal). Every decision on those operations is audited.
 *
 * <p>Which endpoint decides: Create is decided on the endpoint its resource URI selects. Connect and Reconnect of an
 * existing shell are decided on <em>the shell's own endpoint</em> as it is registered now (looked up by name, so that
 * {@code endpoint set-access} revokes access to disconnected shells too); if that endpoint was unregistered since,
 * on the shell's snapshot of it taken at Create (the access list the shell was opened under), never on whatever
 * endpoint the request's URI happens to select.
 *
 * <p>An existing shell is reachable only through its own endpoint's resource URIs: operations on a shell are sent to
 * its EPR, the ResourceURI and ShellId selector that Create's {@code wst:ResourceCreated} handed out ([MS-WSMV]
 * 3.1.4.5.2, 3.1.4.11), not to the ShellId alone. A request that names the caller's shell through
 * another endpoint's URI is answered exactly as an unknown shell (w:InvalidSelectors), so it reveals nothing, and,
 * for Connect and Reconnect, audited as a refusal naming the shell's endpoint. The generic shell resource (Get and
 * Enumerate of shells, fixed routes) is not an endpoint and reaches every shell of the caller. Other operations on
 * an existing shell need no access list check: only its owner can name it.
 */
final class AccessGate {

    private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);
    private static final Set<String> OPENING = Set.of(WsmanAction.CREATE.uri(), WsmanAction.CONNECT.uri(),
            WsmanAction.RECONNECT.uri());

    /**
     * What a request addresses.
     *
     * @param action      the Action URI
     * @param resourceUri the request's ResourceURI as sent
     * @param selected    the endpoint the ResourceURI selects (empty for fixed resources, or a URI that only the
     *                    caller's shells on an unregistered endpoint still answer)
     * @param shellId     the ShellId selector when the request was routed by an endpoint's URI, else empty
     */
    record Target(String action, String resourceUri, Optional<Endpoint> selected, Optional<String> shellId) {
        Target {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(selected, "selected");
            Objects.requireNonNull(shellId, "shellId");
        }
    }

    private final AccessControl control;
    private final AuditTrail audit;
    private final Executor blocking;
    private final OpenShells shells;

    /**
     * @param blocking where a caller whose OS account is not cached is looked up (NSS may block), so that the
     *                 transport's thread never waits for LDAP or SSSD
     * @param shells   the open shells: which endpoint an addressed shell belongs to
     */
    AccessGate(AccessControl control, AuditTrail audit, Executor blocking, OpenShells shells) {
        this.control = Objects.requireNonNull(control, "control");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.shells = Objects.requireNonNull(shells, "shells");
    }

    AccessControl control() {
        return control;
    }

    /**
     * {@link #admit} on this thread when the caller's account is cached, else on the blocking executor.
     *
     * @return completes with the caller, or exceptionally with {@link AccessDeniedException} or
     *         {@link ShellNotFoundException}
     */
    CompletionStage<Caller> admitAsync(AuthenticatedUser user, String clientIp, Target target) {
        if (control.callers().resolvesWithoutBlocking(user.name())) {
            try {
                return CompletableFuture.completedFuture(admit(user, clientIp, target));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(() -> admit(user, clientIp, target), blocking);
    }

    /**
     * @throws AccessDeniedException  if the caller has no OS account (when the server switches users) or the
     *                                deciding endpoint refuses them
     * @throws ShellNotFoundException if the request names the caller's shell through another endpoint's URI
     */
    Caller admit(AuthenticatedUser user, String clientIp, Target target) {
        String action = shortName(target.action());
        boolean opening = OPENING.contains(target.action());
        boolean create = WsmanAction.CREATE.uri().equals(target.action());
        Optional<Endpoint> own = create ? Optional.empty()
                : target.shellId().flatMap(id -> shells.endpointOf(user.name(), id));
        String endpointName = own.or(target::selected).map(Endpoint::name).orElse(null);
        Caller caller;
        try {
            caller = control.callers().resolve(user.name());
        } catch (AccessDeniedException e) {
            if (opening) {
                audit.access(user.name(), clientIp, endpointName, action, false, e.getMessage());
            }
            LOG.info("refused {} from {}: {}", user.name(), clientIp, e.getMessage());
            throw e;
        }
        if (own.isPresent() && (target.resourceUri() == null || !own.get().answers(target.resourceUri()))) {
            String reason = "the shell belongs to endpoint " + own.get().name() + ", which " + target.resourceUri()
                    + " does not select";
            if (opening) {
                audit.access(caller.account(), clientIp, endpointName, action, false, reason);
            }
            LOG.info("{} of {} from {} answered as an unknown shell: {}", action, caller.account(), clientIp,
                    reason);
            throw new ShellNotFoundException(target.shellId().orElseThrow());
        }
        Optional<Endpoint> deciding = own.map(this::asRegisteredNow).or(target::selected);
        if (!opening || deciding.isEmpty()) {
            return caller;
        }
        AccessDecision decision = control.authority().decide(deciding.get(), caller, user);
        audit.access(caller.account(), clientIp, endpointName, action, decision.allowed(), decision.reason());
        if (!decision.allowed()) {
            LOG.info("endpoint {} refused {} from {}: {}", endpointName, caller.account(), clientIp,
                    decision.reason());
            throw new AccessDeniedException("the endpoint " + endpointName + " does not admit " + caller.account()
                    + " (" + decision.reason() + ")");
        }
        return caller;
    }

    /** The endpoint registered now under the shell's endpoint's name; the shell's snapshot if there is none. */
    private Endpoint asRegisteredNow(Endpoint snapshot) {
        return control.endpoints().named(snapshot.name()).orElse(snapshot);
    }

    private static String shortName(String action) {
        return action.substring(action.lastIndexOf('/') + 1);
    }
}
