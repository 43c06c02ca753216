package io.openwinrm.privsep.network;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.policy.restrict.CommandPolicy;
import io.openwinrm.privsep.network.MonitorClient.MonitorRefusal;
import io.openwinrm.privsep.wire.MonitorMessage.Account;
import io.openwinrm.privsep.wire.MonitorMessage.OpenShell;
import io.openwinrm.privsep.wire.MonitorMessage.ShellOpened;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.identity.OsIdentity;
import io.openwinrm.server.shell.EndpointUnavailableException;
import io.openwinrm.server.shell.ShellContext;
import io.openwinrm.server.shell.ShellContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * New shells as the monitor opens them: the network side names the session (proof of the authentication) and the
 * endpoint; the monitor decides who the shell runs as and makes its sandbox. The command policy of a restricted
 * endpoint is computed here too, so that refusals are answered without a round trip; the monitor judges every
 * launch again.
 */
public final class RemoteShellContexts implements ShellContexts {

    private final MonitorClient monitor;

    public RemoteShellContexts(MonitorClient monitor) {
        this.monitor = monitor;
    }

    @Override
    public ShellContext create(Caller caller, AuthenticatedUser user, Endpoint endpoint, String clientAddress) {
        String session = user.monitorSession().orElseThrow(() -> new AccessDeniedException(
                "the authentication of " + user.name() + " was not made by the monitor"));
        ShellOpened opened;
        try {
            opened = (ShellOpened) monitor.call(id -> new OpenShell(id, session, endpoint.name(),
                    clientAddress == null ? "" : clientAddress)).reply();
        } catch (MonitorRefusal e) {
            switch (e.kind()) {
                case ACCESS_DENIED, NOT_FOUND -> throw new AccessDeniedException(e.getMessage());
                default -> throw new EndpointUnavailableException(e.getMessage());
            }
        } catch (IOException e) {
            throw new EndpointUnavailableException("the monitor did not open a shell: " + e.getMessage());
        }
        RemoteSandbox sandbox = new RemoteSandbox(monitor, opened.shell(), endpoint.limits().needsSandbox());
        Optional<CommandPolicy> policy = endpoint.kind() == EndpointKind.RESTRICTED
                ? Optional.of(endpoint.policyFor(caller.subject())) : Optional.empty();
        return new ShellContext(endpoint, caller, opened.runAs().map(RemoteShellContexts::identity), sandbox, policy,
                opened.roles(), sandbox::close, clientAddress);
    }

    static OsIdentity identity(Account a) {
        return new OsIdentity(a.name(), a.uid(), a.gid(), a.groupIds(), a.groupNames(), Path.of(a.home()),
                Path.of(a.shell()));
    }
}
