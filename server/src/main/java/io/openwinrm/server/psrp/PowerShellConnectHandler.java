package io.openwinrm.server.psrp;

import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.shell.CommandNotFoundException;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellConnectedException;
import io.openwinrm.server.shell.ShellNotFoundException;
import io.openwinrm.server.shell.ShellState;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Connect to a disconnected PowerShell shell from a new client process of its owner ([MS-PSRP] 3.1.4.10.3,
 * [MS-WSMV] 3.1.4.17): {@code protocolversion} as for Create, {@code connectXml} (SESSION_CAPABILITY and
 * CONNECT_RUNSPACEPOOL) to the engine, whose answer is the {@code connectResponseXml} (SESSION_CAPABILITY and
 * RUNSPACEPOOL_INIT_DATA); then the shell is connected again and the next Receives deliver what was buffered.
 * With a {@code CommandId} on {@code rsp:Connect}, the client takes over that pipeline of the (connected) pool.
 */
final class PowerShellConnectHandler implements ActionHandler {

    private final PowerShellHandlers shared;
    private final PowerShellHandlers.ShellViews views;

    PowerShellConnectHandler(PowerShellHandlers shared, PowerShellHandlers.ShellViews views) {
        this.shared = shared;
        this.views = views;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        if (request instanceof ConnectRequest connect && connect.commandId() != null) {
            return pipeline(ctx, connect.commandId());
        }
        if (!(request instanceof ConnectRequest connect) || connect.connectXml() == null) {
            throw PowerShellHandlers.invalid("the Connect of a PowerShell shell carries connectXml "
                    + "(SESSION_CAPABILITY and CONNECT_RUNSPACEPOOL)");
        }
        ProtocolVersionOption.require(ctx.header().options());
        byte[] data = PowerShellHandlers.fragments(connect.connectXml(), "connectXml");
        Shell shell = shared.find(ctx);
        PowerShellSession session = shell.attachment(PowerShellSession.class)
                .orElseThrow(() -> new ShellNotFoundException(shell.id()));
        if (shell.state() != ShellState.DISCONNECTED) {
            throw new ShellConnectedException(shell.id(), "connect");
        }
        return CompletableFuture.supplyAsync(() -> {
            byte[] answer;
            try {
                answer = session.engine().connect(data);
            } catch (PsrpEngineException e) {
                throw session.refusal(e);
            }
            shared.shells().reconnect(ctx.owner(), shell.id(), "connect", ctx.clientIp());
            views.created(shell, ctx);
            return new ConnectResponse(shell.spec().inputStreams(), shell.spec().outputStreams(),
                    Base64.getEncoder().encodeToString(answer));
        }, shared.blocking());
    }

    /**
     * Connect to a pipeline of a connected pool ([MS-PSRP] 3.1.5.3.16): its output waited in the shell meanwhile,
     * so nothing is asked of the engine; the client's next Receives with that CommandId get it.
     */
    private CompletionStage<? extends Body> pipeline(RequestContext ctx, String commandId) {
        PowerShellSession session = shared.session(ctx);
        UUID id = PowerShellHandlers.pipelineId(commandId);
        FragmentQueue queue = session.pipeline(id).orElseThrow(() -> new CommandNotFoundException(commandId));
        if (queue.doneDelivered()) {
            throw new CommandNotFoundException(commandId);
        }
        Shell shell = session.shell();
        return CompletableFuture.completedFuture(new ConnectResponse(shell.spec().inputStreams(),
                shell.spec().outputStreams(), null));
    }
}
