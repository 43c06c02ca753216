package io.openwinrm.privsep.network;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.policy.access.AccessDecision;
import io.openwinrm.privsep.wire.MonitorMessage.AccessDecided;
import io.openwinrm.privsep.wire.MonitorMessage.DecideAccess;
import io.openwinrm.server.access.AccessAuthority;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.endpoint.Endpoint;
import java.io.IOException;
import java.util.Optional;

/**
 * Access decisions made by the monitor with its endpoint configuration: the network side's copy is only for routing,
 * so a revocation holds as soon as the monitor has read it, whatever this side's copy says.
 */
public final class RemoteAccessAuthority implements AccessAuthority {

    private final MonitorClient monitor;

    public RemoteAccessAuthority(MonitorClient monitor) {
        this.monitor = monitor;
    }

    @Override
    public AccessDecision decide(Endpoint endpoint, Caller caller, AuthenticatedUser user) {
        if (user.monitorSession().isEmpty()) {
            return refused("the authentication of " + user.name() + " was not made by the monitor");
        }
        String session = user.monitorSession().get();
        try {
            AccessDecided d = (AccessDecided) monitor.call(id -> new DecideAccess(id, session, endpoint.name()))
                    .reply();
            return new AccessDecision(d.allowed(), Optional.empty(), d.reason());
        } catch (IOException | ClassCastException e) {
            return refused("the monitor did not decide: " + e.getMessage());
        }
    }

    private static AccessDecision refused(String reason) {
        return new AccessDecision(false, Optional.empty(), reason);
    }
}
