package io.openwinrm.server.shell;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.endpoint.Endpoint;

/**
 * Prepares what a new shell needs from its endpoint and caller (the OS account it runs as, its sandbox, on restricted
 * endpoints the caller's command policy). {@link ShellContextFactory} does it in this process; a privilege-separated
 * server's network side asks its monitor, which alone may create accounts and sandboxes.
 */
@FunctionalInterface
public interface ShellContexts {

    /**
     * @param user the authentication the request carried ({@link AuthenticatedUser#monitorSession()} on a
     *             privilege-separated server)
     * @throws EndpointUnavailableException if the endpoint's identity, limits or transcripts cannot be provided
     * @throws io.openwinrm.server.access.AccessDeniedException if the caller may not open a shell there
     */
    ShellContext create(Caller caller, AuthenticatedUser user, Endpoint endpoint, String clientAddress);
}
