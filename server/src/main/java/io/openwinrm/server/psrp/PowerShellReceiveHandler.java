package io.openwinrm.server.psrp;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.CommandNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Receive of a PowerShell shell ([MS-PSRP] 3.1.5.3.7, [MS-WSMV] 3.1.4.14) as a long poll: without CommandId the
 * pool's messages, with one that pipeline's. Each fragment is a {@code rsp:Stream Name="stdout"} of its own (as
 * Windows writes them); a pipeline's response carries {@code rsp:CommandState} Running, and Done with ExitCode 0 in
 * the response that holds its last fragments (its final PIPELINE_STATE); later Receives of it are answered as for an
 * unknown command, while a Signal terminate (pypsrp's {@code close()}) still finds it. A numbered Receive
 * ({@code SequenceId}) that repeats the last number gets the same fragments again ({@link
 * io.openwinrm.server.command.ReceiveSequence}): a lost reply loses no PSRP data. Nothing
 * within the OperationTimeout is the TimedOut fault.
 */
final class PowerShellReceiveHandler implements ActionHandler {

    private final PowerShellHandlers shared;

    PowerShellReceiveHandler(PowerShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        if (!(request instanceof ReceiveRequest receive)) {
            throw new WsmanFaultException(FaultKind.SCHEMA_VALIDATION, "Expected rsp:Receive in the body. ");
        }
        for (String s : receive.desiredStreams()) {
            if (!StreamNames.STDOUT.equals(s) && !StreamNames.PR.equals(s)) {
                throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "Unknown output stream; a PowerShell "
                        + "shell has stdout. ");
            }
        }
        PowerShellSession session = shared.session(ctx);
        if (receive.commandId() == null) {
            FragmentQueue pool = session.poolQueue();
            return numbered(receive, pool, "pool", () -> pool.receive(ctx.maxEnvelopeSize(), ctx.replyWait()))
                    .thenApply(batch -> {
                        if (batch.timedOut()) {
                            throw new WsmanFaultException(FaultKind.TIMED_OUT);
                        }
                        session.shell().touch();
                        return new ReceiveResponse(streams(null, batch.fragments()), null, receive.sequenceId());
                    });
        }
        UUID id = PowerShellHandlers.pipelineId(receive.commandId());
        FragmentQueue queue = session.pipeline(id).orElseThrow(() ->
                new CommandNotFoundException(receive.commandId()));
        String commandId = PowerShellHandlers.commandId(id);
        return numbered(receive, queue, commandId, () -> queue.doneDelivered()
                // after Done nothing more ([MS-PSRP] 3.2.5.3.8), unless it is a retry of the Done itself
                ? CompletableFuture.failedFuture(new CommandNotFoundException(receive.commandId()))
                : queue.receive(ctx.maxEnvelopeSize(), ctx.replyWait())).thenApply(batch -> {
                    if (batch.timedOut()) {
                        throw new WsmanFaultException(FaultKind.TIMED_OUT);
                    }
                    session.shell().touch();
                    return new ReceiveResponse(streams(commandId, batch.fragments()), batch.done()
                            ? CommandStateInfo.done(commandId, 0) : CommandStateInfo.running(commandId),
                            receive.sequenceId());
                });
    }

    /**
     * A Receive numbered with {@code SequenceId} ([MS-WSMV] 4.7.3, what robust-connection clients send) through the
     * target's sequence, so that a retry gets the same fragments; an unnumbered one afresh.
     */
    private static CompletableFuture<FragmentQueue.Batch> numbered(ReceiveRequest receive, FragmentQueue queue,
            String target, Supplier<CompletableFuture<FragmentQueue.Batch>> fresh) {
        if (receive.sequenceId().isPresent()) {
            return queue.sequence().receive(target, receive.sequenceId().getAsLong(), fresh);
        }
        queue.sequence().unnumbered();
        return fresh.get();
    }

    private static List<StreamData> streams(String commandId, List<byte[]> fragments) {
        List<StreamData> out = new ArrayList<>(fragments.size());
        for (byte[] f : fragments) {
            out.add(new StreamData(StreamNames.STDOUT, commandId, f, false));
        }
        return out;
    }
}
