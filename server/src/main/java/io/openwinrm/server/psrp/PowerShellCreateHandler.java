package io.openwinrm.server.psrp;

import io.openwinrm.protocol.envelope.EnvelopeSizing;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.PowerShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.psrp.fragment.Fragment;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.psrp.engine.EngineContext;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.psrp.engine.RunspacePoolEngine;
import io.openwinrm.server.psrp.engine.RunspacePoolEngineFactory;
import io.openwinrm.server.shell.CloseReason;
import io.openwinrm.server.shell.EndpointUnavailableException;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellContexts;
import io.openwinrm.server.shell.ShellSpec;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Create of a PowerShell shell ([MS-PSRP] 3.1.5.3.1, [MS-WSMV] 3.1.4.5.2): the {@code protocolversion} option must
 * name 2.x; the shell takes the ShellId the client chose (the runspace pool id); {@code creationXml}
 * (SESSION_CAPABILITY and INIT_RUNSPACEPOOL fragments) goes to the new engine as the pool's first input. No PSRP data
 * comes back here: the client Receives it. The response is shaped as Windows' ({@code psrp-create.response.xml}).
 * Environment and WorkingDirectory are not PowerShell's and are ignored, as the Windows plug-in does.
 */
final class PowerShellCreateHandler implements ActionHandler {

    /** The largest fragment an engine emits: PowerShell's own default (32 KiB, header included). */
    static final int MAX_SERVER_FRAGMENT = 32 * 1024;

    private final PowerShellHandlers shared;
    private final ShellContexts contexts;
    private final PowerShellHandlers.ShellViews views;

    PowerShellCreateHandler(PowerShellHandlers shared, ShellContexts contexts, PowerShellHandlers.ShellViews views) {
        this.shared = shared;
        this.contexts = contexts;
        this.views = views;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        if (!(request instanceof CreateShell create)) {
            throw new WsmanFaultException(FaultKind.SCHEMA_VALIDATION, "Expected rsp:Shell in the body. ");
        }
        Endpoint endpoint = ctx.endpoint().orElseThrow(() ->
                new WsmanFaultException(FaultKind.DESTINATION_UNREACHABLE));
        RunspacePoolEngineFactory factory = shared.engines().of(endpoint).orElseThrow(() ->
                new EndpointUnavailableException("no PowerShell engine serves endpoints of kind "
                        + endpoint.kind().text()));
        ProtocolVersionOption.require(ctx.header().options());
        if (create.creationXml() == null) {
            throw PowerShellHandlers.invalid("the Create of a PowerShell shell carries creationXml "
                    + "(SESSION_CAPABILITY and INIT_RUNSPACEPOOL)");
        }
        byte[] creation = PowerShellHandlers.fragments(create.creationXml(), "creationXml");
        List<String> in = create.inputStreams().isEmpty() ? List.of(StreamNames.STDIN, StreamNames.PR)
                : create.inputStreams();
        List<String> out = create.outputStreams().isEmpty() ? List.of(StreamNames.STDOUT) : create.outputStreams();
        boolean noProfile = ctx.header().options().getBoolean(ShellOption.WINRS_NOPROFILE, false);
        ShellSpec spec = new ShellSpec(create.shellId(), null, Map.of(), create.idleTimeout(),
                ShellSpec.UTF_8_CODEPAGE, noProfile, in, out);
        int maxFragment = maxFragmentSize(ctx.maxEnvelopeSize());
        String address = ctx.header().to() != null ? ctx.header().to() : "";
        return CompletableFuture.supplyAsync(() -> {
            Shell shell = shared.shells().create(contexts.create(ctx.caller(), ctx.user(), endpoint,
                    ctx.clientIp()), spec);
            views.created(shell, ctx);
            PowerShellSession session = new PowerShellSession(shell, shared.blocking(), create.name(),
                    s -> shared.shells().close(s.shell(), CloseReason.ENGINE_ENDED));
            shell.attach(session);
            try {
                RunspacePoolEngine engine;
                try {
                    engine = factory.open(new EngineContext(UUID.fromString(shell.id()), shell.context(),
                            shared.shells().launcher(), maxFragment), session);
                } catch (PsrpEngineException e) {
                    throw new EndpointUnavailableException("the runspace pool could not be opened: "
                            + e.getMessage());
                }
                session.engine(engine);
                engine.poolInput(creation);
            } catch (PsrpEngineException e) {
                shared.shells().close(shell, CloseReason.ENGINE_ENDED);
                throw session.refusal(e);
            } catch (RuntimeException e) {
                shared.shells().close(shell, CloseReason.ENGINE_ENDED);
                throw e;
            }
            return new PowerShellCreated(address, windowsShape(views.describe(shell), create.name() != null));
        }, shared.blocking());
    }

    /**
     * The elements Windows' Create response has ({@code psrp-create.response.xml}): no WorkingDirectory, MemoryUsed
     * or ChildProcesses, and a Name only when the client gave one.
     */
    static ShellInfo windowsShape(ShellInfo d, boolean named) {
        return new ShellInfo(d.shellId(), named ? d.name() : null, d.resourceUri(), d.owner(), d.clientIp(),
                d.processId(), null, d.idleTimeout(), d.inputStreams(), d.outputStreams(), d.maxIdleTimeout(),
                d.locale(), d.dataLocale(), d.compressionMode(), d.profileLoaded(), d.encoding(), d.bufferMode(),
                d.state(), d.shellRunTime(), d.shellInactivity(), null, OptionalInt.empty(), List.of());
    }

    /** Fragments that fit one Receive response of this client, at most PowerShell's 32 KiB. */
    static int maxFragmentSize(long maxEnvelopeSize) {
        long raw = (maxEnvelopeSize - EnvelopeSizing.RECEIVE_RESPONSE_OVERHEAD
                - EnvelopeSizing.STREAM_ELEMENT_OVERHEAD) / 4 * 3;
        return (int) Math.max(Fragment.HEADER_LENGTH + 64, Math.min(MAX_SERVER_FRAGMENT, raw));
    }
}
