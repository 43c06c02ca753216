package io.openwinrm.server.psrp;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.SendResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.psrp.message.DotNetGuid;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.shell.CommandNotFoundException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Send to a PowerShell shell ([MS-PSRP] 3.1.5.3.5, [MS-WSMV] 3.1.4.13): fragments on {@code stdin} (PIPELINE_INPUT,
 * key exchange, runspace calls) or {@code pr} (host responses). With a CommandId they go to that pipeline; without
 * one to the pool, unless the message they start names a pipeline of this pool: pypsrp sends pipeline host responses
 * on {@code pr} without a CommandId and Windows routes them by the message header (psrp.md 1.5), and so does this.
 * The reply is sent once the engine took the fragments.
 */
final class PowerShellSendHandler implements ActionHandler {

    private final PowerShellHandlers shared;

    PowerShellSendHandler(PowerShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        if (!(request instanceof SendRequest send)) {
            throw new WsmanFaultException(FaultKind.SCHEMA_VALIDATION, "Expected rsp:Send in the body. ");
        }
        String commandId = null;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (StreamData s : send.streams()) {
            if (!StreamNames.STDIN.equals(s.name()) && !StreamNames.PR.equals(s.name())) {
                throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "Unknown input stream; a PowerShell "
                        + "shell accepts stdin and pr. ");
            }
            if (s.commandId() != null) {
                if (commandId != null && !commandId.equalsIgnoreCase(s.commandId().strip())) {
                    throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "A Send carries input for one "
                            + "pipeline. ");
                }
                commandId = s.commandId().strip();
            }
            all.writeBytes(s.data());
        }
        if (all.size() == 0) {
            return CompletableFuture.completedFuture(new SendResponse());
        }
        byte[] data = all.toByteArray();
        List<byte[]> fragments = PowerShellHandlers.checkFragments(data, "rsp:Stream");
        PowerShellSession session = shared.session(ctx);
        UUID pipeline = commandId != null ? PowerShellHandlers.pipelineId(commandId) : byHeader(session, fragments);
        if (pipeline != null && !session.hasPipeline(pipeline)) {
            throw new CommandNotFoundException(commandId != null ? commandId : PowerShellHandlers.commandId(pipeline));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (pipeline == null) {
                    session.engine().poolInput(data);
                } else {
                    session.engine().pipelineInput(pipeline, data);
                }
            } catch (PsrpEngineException e) {
                throw session.refusal(e);
            }
            return new SendResponse();
        }, shared.blocking());
    }

    /** The pipeline the first started message names, if it is one of this pool's; else null (the pool). */
    private static UUID byHeader(PowerShellSession session, List<byte[]> fragments) {
        for (byte[] f : fragments) {
            UUID pid = FragmentBoundaries.pipelineIdOfStart(f);
            if (pid != null) {
                return !pid.equals(DotNetGuid.NIL) && session.hasPipeline(pid) ? pid : null;
            }
        }
        return null;
    }
}
