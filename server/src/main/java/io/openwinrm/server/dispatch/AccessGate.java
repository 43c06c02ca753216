package io.openwinrm.server.dispatch;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.policy.access.AccessDecision;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.audit.AuditTrail;
import io.openwinrm.server.endpoint.Endpoint;
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
 * the operations that open or take over a shell (Create, Connect, Reconnect), whether the endpoint's access list
 * admits them (deny wins; nothing matched is a refusal). Every decision on those operations is audited. Operations
 * on an existing shell need no access list check: only its owner can name it, and a shell keeps the endpoint it was
 * opened on.
 */
final class AccessGate {

    private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);
    private static final Set<String> OPENING = Set.of(WsmanAction.CREATE.uri(), WsmanAction.CONNECT.uri(),
            WsmanAction.RECONNECT.uri());

    private final AccessControl control;
    private final AuditTrail audit;
    private final Executor blocking;

    /**
     * @param blocking where a caller whose OS account is not cached is looked up (NSS may block), so that the
     *                 transport's thread never waits for LDAP or SSSD
     */
    AccessGate(AccessControl control, AuditTrail audit, Executor blocking) {
        this.control = Objects.requireNonNull(control, "control");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    AccessControl control() {
        return control;
    }

    /**
     * {@link #admit} on this thread when the caller's account is cached, else on the blocking executor.
     *
     * @return completes with the caller, or exceptionally with {@link AccessDeniedException}
     */
    CompletionStage<Caller> admitAsync(AuthenticatedUser user, String clientIp, Optional<Endpoint> endpoint,
                                       String action) {
        if (control.callers().resolvesWithoutBlocking(user.name())) {
            try {
                return CompletableFuture.completedFuture(admit(user, clientIp, endpoint, action));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(() -> admit(user, clientIp, endpoint, action), blocking);
    }

    /**
     * @throws AccessDeniedException if the caller has no OS account (when the server switches users) or the
     *                               endpoint refuses them
     */
    Caller admit(AuthenticatedUser user, String clientIp, Optional<Endpoint> endpoint, String action) {
        boolean opening = OPENING.contains(action);
        String endpointName = endpoint.map(Endpoint::name).orElse(null);
        Caller caller;
        try {
            caller = control.callers().resolve(user.name());
        } catch (AccessDeniedException e) {
            if (opening) {
                audit.access(user.name(), clientIp, endpointName, shortName(action), false, e.getMessage());
            }
            LOG.info("refused {} from {}: {}", user.name(), clientIp, e.getMessage());
            throw e;
        }
        if (!opening || endpoint.isEmpty()) {
            return caller;
        }
        AccessDecision decision = endpoint.get().access().check(caller.subject());
        audit.access(caller.account(), clientIp, endpointName, shortName(action), decision.allowed(),
                decision.reason());
        if (!decision.allowed()) {
            LOG.info("endpoint {} refused {} from {}: {}", endpointName, caller.account(), clientIp,
                    decision.reason());
            throw new AccessDeniedException("the endpoint " + endpointName + " does not admit " + caller.account()
                    + " (" + decision.reason() + ")");
        }
        return caller;
    }

    private static String shortName(String action) {
        return action.substring(action.lastIndexOf('/') + 1);
    }
}
