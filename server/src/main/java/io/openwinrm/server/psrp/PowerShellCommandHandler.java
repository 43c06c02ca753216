package io.openwinrm.server.psrp;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.command.Guids;
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
 * Command of a PowerShell shell ([MS-PSRP] 3.1.5.3.3, [MS-WSMV] 3.1.4.11): a new pipeline whose id is the client's
 * CommandId; {@code rsp:Arguments} holds the first fragments of its CREATE_PIPELINE (or GET_COMMAND_METADATA), whose
 * message header must name that same pipeline. {@code rsp:Command} is ignored (PowerShell puts history text there).
 */
final class PowerShellCommandHandler implements ActionHandler {

    private final PowerShellHandlers shared;

    PowerShellCommandHandler(PowerShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        if (!(request instanceof CommandRequest command)) {
            throw new WsmanFaultException(FaultKind.SCHEMA_VALIDATION, "Expected rsp:CommandLine in the body. ");
        }
        if (command.commandId() == null || !Guids.isValid(command.commandId())) {
            throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "A PowerShell pipeline is created with the "
                    + "client's CommandId, a GUID (the pipeline id). ");
        }
        UUID id = UUID.fromString(Guids.canonical(command.commandId()));
        byte[] data = arguments(command.arguments());
        List<byte[]> fragments = PowerShellHandlers.checkFragments(data, "rsp:Arguments");
        UUID named = FragmentBoundaries.pipelineIdOfStart(fragments.get(0));
        if (named == null || !(named.equals(id) || named.equals(FragmentBoundaries.swapped(id)))) {
            throw PowerShellHandlers.invalid("the first fragment of rsp:Arguments must start a message for pipeline "
                    + PowerShellHandlers.commandId(id) + " (the CommandId)"
                    + (named == null ? "" : ", not " + PowerShellHandlers.commandId(named)));
        }
        PowerShellSession session = shared.session(ctx);
        if (!session.addPipeline(id)) {
            throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "The CommandId "
                    + PowerShellHandlers.commandId(id) + " is already in use in this shell. ");
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                session.engine().createPipeline(id, data);
            } catch (PsrpEngineException e) {
                session.removePipeline(id, new CommandNotFoundException(command.commandId()));
                throw session.refusal(e);
            } catch (RuntimeException e) {
                session.removePipeline(id, new CommandNotFoundException(command.commandId()));
                throw e;
            }
            shared.shells().pipelineStarted(session.shell(), PowerShellHandlers.commandId(id),
                    PipelineDescription.of(data));
            return new CommandResponse(PowerShellHandlers.commandId(id));
        }, shared.blocking());
    }

    private static byte[] arguments(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw PowerShellHandlers.invalid("rsp:Arguments is missing: it carries the CREATE_PIPELINE fragments");
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String a : arguments) {
            all.writeBytes(PowerShellHandlers.fragments(a, "rsp:Arguments"));
        }
        return all.toByteArray();
    }
}
