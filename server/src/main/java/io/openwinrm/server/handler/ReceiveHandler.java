package io.openwinrm.server.handler;

import io.openwinrm.protocol.envelope.EnvelopeSizing;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.ProviderFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.command.OutputBatch;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Receive ([MS-WSMV] 3.1.4.14) as a long poll: answers as soon as output or the exit exists, otherwise after a little
 * less than the OperationTimeout with the TimedOut fault clients treat as "poll again". Every answer carries
 * {@code rsp:CommandState}; Done carries the exit code, and both streams end with {@code End="true"}. A numbered
 * Receive ({@code SequenceId}, [MS-WSMV] 4.7.3) gets its number echoed and is served through the command's
 * {@link io.openwinrm.server.command.ReceiveSequence}: a retry with the same number gets the same output again.
 */
final class ReceiveHandler implements ActionHandler {

    private final ShellHandlers shared;

    ReceiveHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        ReceiveRequest receive = ShellHandlers.expect(request, ReceiveRequest.class);
        if (receive.commandId() == null) {
            // the cmd shell has no shell-level streams: Windows' plug-in answers with the Win32 text only
            throw WsmanFaultException.fromProvider(FaultKind.INVALID_PARAMETER, ProviderFault.SHELL_CMD_PLUGIN, null);
        }
        Shell shell = shared.shell(ctx);
        RunningCommand command = shell.command(receive.commandId());
        Set<String> streams = new LinkedHashSet<>(receive.desiredStreams().isEmpty()
                ? List.of(StreamNames.STDOUT, StreamNames.STDERR) : receive.desiredStreams());
        for (String s : streams) {
            if (!StreamNames.STDOUT.equals(s) && !StreamNames.STDERR.equals(s)) {
                throw new WsmanFaultException(FaultKind.INVALID_PARAMETER, "Unknown output stream '" + s + "'. ");
            }
        }
        int maxBytes = EnvelopeSizing.maxRawBytes(ctx.maxEnvelopeSize());
        String id = command.id();
        CompletableFuture<OutputBatch> reply;
        if (receive.sequenceId().isPresent()) {
            reply = command.receiveSequence().receive(id, receive.sequenceId().getAsLong(),
                    () -> command.receive(streams, maxBytes, ctx.replyWait()));
        } else {
            command.receiveSequence().unnumbered();
            reply = command.receive(streams, maxBytes, ctx.replyWait());
        }
        return reply.thenApply(batch -> {
            if (batch.timedOut()) {
                throw new WsmanFaultException(FaultKind.TIMED_OUT);
            }
            shell.touch();
            if (batch.limitExceeded().isPresent()) {
                throw new WsmanFaultException(FaultKind.LIMIT_EXCEEDED, FaultKind.LIMIT_EXCEEDED.defaultMessage()
                        + "Command " + id + ": " + batch.limitExceeded().get() + " (exit code "
                        + batch.exitCode().orElse(-1) + "). ");
            }
            return toResponse(id, batch, receive.sequenceId());
        });
    }

    /**
     * All stream data first, then the End markers, as Windows orders them (recorded
     * {@code winrs-receive-stderr-exit1.response.xml}: stdout, stderr, stdout End, stderr End).
     */
    static ReceiveResponse toResponse(String commandId, OutputBatch batch, OptionalLong sequenceId) {
        List<StreamData> out = new ArrayList<>(4);
        data(out, StreamNames.STDOUT, commandId, batch.stdout());
        data(out, StreamNames.STDERR, commandId, batch.stderr());
        // Windows marks both streams End="true" once, in the response that reports Done ([MS-WSMV] <122>)
        end(out, StreamNames.STDOUT, commandId, batch.done() && batch.stdoutEnd());
        end(out, StreamNames.STDERR, commandId, batch.done() && batch.stderrEnd());
        CommandStateInfo state = batch.done()
                ? CommandStateInfo.done(commandId, batch.exitCode().orElse(0))
                : CommandStateInfo.running(commandId);
        return new ReceiveResponse(out, state, sequenceId);
    }

    private static void data(List<StreamData> out, String name, String commandId, byte[] data) {
        if (data.length > 0) {
            out.add(StreamData.owning(name, commandId, data, false));
        }
    }

    private static void end(List<StreamData> out, String name, String commandId, boolean end) {
        if (end) {
            out.add(new StreamData(name, commandId, new byte[0], true));
        }
    }
}
