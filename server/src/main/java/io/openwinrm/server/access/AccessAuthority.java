package io.openwinrm.server.access;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.policy.access.AccessDecision;
import io.openwinrm.server.endpoint.Endpoint;

/**
 * Who decides whether a caller may open or take over a shell on an endpoint (Create, Connect, Reconnect). By
 * default the endpoint's own access list, in this process; a privilege-separated server's network side asks its
 * monitor, whose endpoint configuration is the one that counts, so that a revocation holds the moment the monitor
 * sees it.
 */
@FunctionalInterface
public interface AccessAuthority {

    /** The endpoint's access list, as given. */
    AccessAuthority LOCAL = (endpoint, caller, user) -> endpoint.access().check(caller.subject());

    /** Never throws: a decision it cannot get is a refusal. */
    AccessDecision decide(Endpoint endpoint, Caller caller, AuthenticatedUser user);
}
