package io.openwinrm.server.psrp.restricted;

import io.openwinrm.policy.restrict.CommandPolicy;
import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.message.ConnectRunspacePool;
import io.openwinrm.psrp.message.CreatePipeline;
import io.openwinrm.psrp.message.Destination;
import io.openwinrm.psrp.message.DotNetGuid;
import io.openwinrm.psrp.message.EndOfPipelineInput;
import io.openwinrm.psrp.message.GetAvailableRunspaces;
import io.openwinrm.psrp.message.HostInfo;
import io.openwinrm.psrp.message.InitRunspacePool;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageType;
import io.openwinrm.psrp.message.PipelineInput;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.ResetRunspaceState;
import io.openwinrm.psrp.message.RunspaceAvailability;
import io.openwinrm.psrp.message.RunspacePoolInitData;
import io.openwinrm.psrp.message.RunspacePoolStateMessage;
import io.openwinrm.psrp.message.SessionCapability;
import io.openwinrm.psrp.message.SetMaxRunspaces;
import io.openwinrm.psrp.message.SetMinRunspaces;
import io.openwinrm.psrp.state.PoolEvent;
import io.openwinrm.psrp.state.RunspacePoolState;
import io.openwinrm.psrp.state.RunspacePoolStateMachine;
import io.openwinrm.psrp.stream.ErrorCategory;
import io.openwinrm.psrp.stream.ErrorRecord;
import io.openwinrm.server.psrp.engine.EngineContext;
import io.openwinrm.server.psrp.engine.EngineOutput;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.psrp.engine.RunspacePoolEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native restricted engine: one runspace pool of a JEA-style NoLanguage runspace, in Java ([MS-PSRP] 3.2).
 *
 * <p>Pool: SESSION_CAPABILITY is answered with the server's ({@link VersionTable#CAPABILITY}, [MS-PSRP] 3.2.5.4.1),
 * INIT_RUNSPACEPOOL with APPLICATION_PRIVATE_DATA and RUNSPACEPOOL_STATE Opened (3.2.5.4.2); SET_MAX/SET_MIN_RUNSPACES,
 * GET_AVAILABLE_RUNSPACES and RESET_RUNSPACE_STATE with RUNSPACE_AVAILABILITY (3.2.5.4.6 - 3.2.5.4.8); Connect with
 * SESSION_CAPABILITY and RUNSPACEPOOL_INIT_DATA (3.2.5.4.10). States follow psrp's {@link RunspacePoolStateMachine}.
 *
 * <p>Bad input: a well-framed message that is invalid or comes in the wrong state (a second INIT_RUNSPACEPOOL, a
 * CREATE_PIPELINE before the pool opened, input for an unknown pipeline, input after its end) is refused with a
 * {@link PsrpEngineException} and leaves the pool as it was. Pool fragments that cannot be reassembled lose the
 * stream's position: the pool breaks (RUNSPACEPOOL_STATE Broken, [MS-PSRP] 3.2.5.1) and the engine ends. A pipeline
 * whose fragments cannot be reassembled is stopped.
 *
 * <p>Threads: Send, Command, Signal and Connect arrive on request threads; each pipeline has a runner (plus pump
 * threads while a program runs), from a pool of daemon threads that {@link #close()} interrupts. The engine lock
 * guards the state and the pipeline table and is never held while output is written.
 */
final class RestrictedRunspacePool implements RunspacePoolEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RestrictedRunspacePool.class);

    private final EngineContext context;
    private final EngineOutput output;
    private final RestrictedAudit audit;
    private final RestrictedEngineLimits limits;
    private final Outbox outbox;
    private final InboundDecoder decoder;
    private final CommandPolicy policy;
    private final CommandCatalog catalog;
    private final LaunchEnvironment environment;
    private final NativeRun natives;
    private final ExecutorService threads;
    private final RunspacePoolStateMachine state = new RunspacePoolStateMachine();
    private final Object poolInput = new Object();
    private final Defragmenter poolDefragmenter;
    private final Map<UUID, RestrictedPipeline> pipelines = new LinkedHashMap<>(); // guarded by this
    private final AtomicInteger lastExitCode = new AtomicInteger();
    private volatile HostInfo poolHost = HostInfo.NULL_HOST;
    private final RunspaceSizes sizes;
    private boolean closed; // guarded by this

    RestrictedRunspacePool(EngineContext context, EngineOutput output, RestrictedAudit audit,
            RestrictedEngineLimits limits) {
        this.context = context;
        this.output = output;
        this.audit = audit;
        this.limits = limits;
        this.outbox = new Outbox(output, context.maxFragmentSize(), context.poolId());
        this.decoder = new InboundDecoder(outbox.codec());
        this.sizes = new RunspaceSizes(limits.maxRunspaces());
        this.policy = context.shell().policy().orElseThrow();
        this.catalog = new CommandCatalog(policy);
        this.environment = LaunchEnvironment.of(context);
        AtomicInteger n = new AtomicInteger();
        String name = "psrp-restricted-" + context.poolId().toString().substring(0, 8) + "-";
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, name + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.natives = new NativeRun(context.launcher(), threads, limits.maxLineBytes(),
                context.shell().endpoint().limits().deadline());
        this.poolDefragmenter = new Defragmenter(limits.defragmenter());
    }

    @Override
    public void poolInput(byte[] fragments) throws PsrpEngineException {
        synchronized (poolInput) {
            List<byte[]> messages;
            try {
                messages = poolDefragmenter.feed(fragments);
            } catch (PsrpException e) {
                throw breakPool("runspace pool input cannot be reassembled: " + e.getMessage());
            }
            for (byte[] bytes : messages) {
                PsrpMessage message = decoder.message(bytes);
                handlePool(message, decoder.body(message));
            }
        }
    }

    private void handlePool(PsrpMessage message, MessageBody body) throws PsrpEngineException {
        try {
            if (body instanceof SessionCapability c) {
                capability(message, c);
            } else if (body instanceof InitRunspacePool i) {
                init(i);
            } else if (body instanceof SetMaxRunspaces s) {
                state.fire(PoolEvent.RUNSPACE_REQUEST);
                outbox.toPool(new RunspaceAvailability(s.callId(), new PsBool(sizes.setMax(s.maxRunspaces()))));
            } else if (body instanceof SetMinRunspaces s) {
                state.fire(PoolEvent.RUNSPACE_REQUEST);
                outbox.toPool(new RunspaceAvailability(s.callId(), new PsBool(sizes.setMin(s.minRunspaces()))));
            } else if (body instanceof GetAvailableRunspaces g) {
                state.fire(PoolEvent.RUNSPACE_REQUEST);
                outbox.toPool(new RunspaceAvailability(g.callId(), PsValue.ofLong(available())));
            } else if (body instanceof ResetRunspaceState r) {
                state.fire(PoolEvent.RUNSPACE_REQUEST);
                lastExitCode.set(0);
                outbox.toPool(new RunspaceAvailability(r.callId(), new PsBool(true)));
            } else if (body instanceof PipelineInput || body instanceof EndOfPipelineInput
                    || message.typeCode() == MessageType.PIPELINE_HOST_RESPONSE.code()) {
                // pypsrp sends pipeline host responses on the pool's stream; route by the PID (psrp.md 1.5)
                handlePipeline(pipeline(message.pipelineId()), message, body);
            } else {
                throw new PsrpEngineException(MessageType.describe(message.typeCode()) + " is not accepted on the "
                        + "runspace pool of the restricted engine" + why(message));
            }
        } catch (PsrpException e) {
            throw new PsrpEngineException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PsrpEngineException("interrupted while answering " + MessageType.describe(message.typeCode()));
        }
    }

    private static String why(PsrpMessage message) {
        int type = message.typeCode();
        if (type == MessageType.CREATE_PIPELINE.code() || type == MessageType.GET_COMMAND_METADATA.code()) {
            return ": a pipeline is created by a Command";
        }
        if (type == MessageType.CONNECT_RUNSPACEPOOL.code()) {
            return ": it belongs in a Connect";
        }
        if (type == MessageType.PUBLIC_KEY.code()) {
            return ": no session key is exchanged, since no command here takes a SecureString";
        }
        return "";
    }

    private void capability(PsrpMessage message, SessionCapability c) throws InterruptedException,
            PsrpEngineException {
        if (state.state() != RunspacePoolState.BEFORE_OPEN) {
            throw new PsrpEngineException("a second SESSION_CAPABILITY: the runspace pool is " + state.state());
        }
        state.fire(PoolEvent.OPEN);
        state.fire(PoolEvent.SEND_CAPABILITY);
        try {
            c.requireCompatible();
        } catch (PsrpException e) {
            throw breakPool(e.getMessage());
        }
        outbox.clientPoolId(message.runspacePoolId());
        state.fire(PoolEvent.ACCEPT_CAPABILITY);
        outbox.sendCapability(VersionTable.CAPABILITY);
    }

    private void init(InitRunspacePool i) throws InterruptedException, PsrpEngineException {
        if (state.state() != RunspacePoolState.NEGOTIATION_SUCCEEDED) {
            throw new PsrpEngineException((state.state() == RunspacePoolState.OPENED ? "a second INIT_RUNSPACEPOOL"
                    : "INIT_RUNSPACEPOOL before SESSION_CAPABILITY") + ": the runspace pool is " + state.state());
        }
        if (i.minRunspaces() < 1 || i.maxRunspaces() < i.minRunspaces()) {
            throw breakPool("INIT_RUNSPACEPOOL asks for " + i.minRunspaces() + " to " + i.maxRunspaces()
                    + " runspaces");
        }
        sizes.init(i.minRunspaces(), i.maxRunspaces());
        poolHost = i.hostInfo();
        state.fire(PoolEvent.INIT_RUNSPACEPOOL);
        outbox.toPool(VersionTable.privateData());
        outbox.toPool(RunspacePoolStateMessage.of(RunspacePoolState.OPENED.wire()));
        audit.poolOpened(context);
    }

    @Override
    public void createPipeline(UUID pipelineId, byte[] fragments) throws PsrpEngineException {
        RestrictedPipeline p;
        synchronized (this) {
            if (closed) {
                throw new PsrpEngineException("the runspace pool is closed");
            }
            if (state.state() != RunspacePoolState.OPENED) {
                throw new PsrpEngineException("cannot create a pipeline: the runspace pool is " + state.state()
                        + ", it must be Opened ([MS-PSRP] 3.2.5.1)");
            }
            if (pipelines.containsKey(pipelineId)) {
                throw new PsrpEngineException("pipeline " + pipelineId + " exists already");
            }
            if (pipelines.size() >= limits.maxPipelines()) {
                throw new PsrpEngineException("the runspace pool has " + pipelines.size() + " pipelines, the most "
                        + "this endpoint allows at once");
            }
            p = new RestrictedPipeline(pipelineId, context.shell().sandbox(), outbox, poolHost,
                    limits.defragmenter());
            pipelines.put(pipelineId, p);
        }
        try {
            feedPipeline(p, fragments);
        } catch (PsrpEngineException e) {
            if (!p.isCreated()) {
                remove(p);
            }
            throw e;
        }
    }

    @Override
    public void pipelineInput(UUID pipelineId, byte[] fragments) throws PsrpEngineException {
        feedPipeline(pipeline(pipelineId), fragments);
    }

    private RestrictedPipeline pipeline(UUID id) throws PsrpEngineException {
        synchronized (this) {
            RestrictedPipeline p = pipelines.get(id);
            if (p == null) {
                p = pipelines.values().stream().filter(q -> q.wireId().equals(id)).findFirst().orElse(null);
            }
            if (p == null) {
                throw new PsrpEngineException("no pipeline " + id + " in this runspace pool (it never existed or has"
                        + " finished)");
            }
            return p;
        }
    }

    private void feedPipeline(RestrictedPipeline p, byte[] fragments) throws PsrpEngineException {
        List<byte[]> messages;
        try {
            messages = p.feed(fragments);
        } catch (PsrpException e) {
            p.stop();
            throw new PsrpEngineException("input of pipeline " + p.id() + " cannot be reassembled: " + e.getMessage(),
                    e);
        }
        for (byte[] bytes : messages) {
            PsrpMessage message = decoder.message(bytes);
            boolean first = message.typeCode() == MessageType.CREATE_PIPELINE.code() && !p.isCreated();
            if (!first && !message.pipelineId().equals(p.wireId())) {
                throw new PsrpEngineException(MessageType.describe(message.typeCode()) + " for pipeline "
                        + message.pipelineId() + " arrived as input of pipeline " + p.id());
            }
            handlePipeline(p, message, decoder.body(message));
        }
    }

    private void handlePipeline(RestrictedPipeline p, PsrpMessage message, MessageBody body)
            throws PsrpEngineException {
        try {
            if (body instanceof CreatePipeline c) {
                if (p.isCreated()) {
                    throw new PsrpEngineException("a second CREATE_PIPELINE for pipeline " + p.id());
                }
                if (!message.pipelineId().equals(p.id()) && pidInUse(message.pipelineId())) {
                    throw new PsrpEngineException("CREATE_PIPELINE names pipeline " + message.pipelineId()
                            + ", which exists already");
                }
                if (!p.created(c, message.pipelineId(), limits.inputQueue())) {
                    throw new PsrpEngineException("pipeline " + p.id() + " was stopped before its CREATE_PIPELINE "
                            + "was complete");
                }
                StatementResolver resolver = new StatementResolver(policy, catalog, p, lastExitCode::get);
                threads.execute(new PipelineRun(p, context, resolver, natives, environment, lastExitCode, audit,
                        this::finished));
            } else if (!p.isCreated()) {
                throw new PsrpEngineException(MessageType.describe(message.typeCode()) + " for pipeline " + p.id()
                        + " before its CREATE_PIPELINE" + (message.typeCode() == MessageType.GET_COMMAND_METADATA.code()
                        ? " (GET_COMMAND_METADATA is not supported by the restricted engine)" : ""));
            } else if (body instanceof PipelineInput in) {
                p.input().put(in.value());
            } else if (body instanceof EndOfPipelineInput) {
                p.input().end();
            } else {
                throw new PsrpEngineException(MessageType.describe(message.typeCode()) + " is not accepted by pipeline "
                        + p.id() + (message.typeCode() == MessageType.PIPELINE_HOST_RESPONSE.code()
                        ? ": no host call is waiting for an answer" : ""));
            }
        } catch (PipelineInputQueue.InputRefused e) {
            throw new PsrpEngineException("pipeline " + p.id() + ": " + e.getMessage(), e);
        } catch (PsrpException e) {
            throw new PsrpEngineException(e.getMessage(), e);
        } catch (RejectedExecutionException e) {
            throw new PsrpEngineException("the runspace pool is closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PsrpEngineException("interrupted while queueing input of pipeline " + p.id());
        }
    }

    private synchronized boolean pidInUse(UUID pid) {
        return pipelines.values().stream().anyMatch(q -> q.id().equals(pid) || q.wireId().equals(pid));
    }

    /** The runner of {@code p} sent its final PIPELINE_STATE: the pipeline is forgotten. */
    private void finished(RestrictedPipeline p) {
        remove(p);
        output.pipelineDone(p.id());
    }

    private synchronized void remove(RestrictedPipeline p) {
        pipelines.remove(p.id(), p);
    }

    private synchronized int available() {
        return Math.max(0, sizes.max() - pipelines.size());
    }

    @Override
    public void stopPipeline(UUID pipelineId) {
        RestrictedPipeline p;
        synchronized (this) {
            p = pipelines.get(pipelineId);
        }
        if (p == null) {
            return;
        }
        p.stop();
        if (p.claimEndBeforeStart()) {
            // no runner will ever report this pipeline: say Stopped here, off the Signal's thread
            remove(p);
            try {
                threads.execute(() -> {
                    try {
                        p.finish(null);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        output.pipelineDone(p.id());
                    }
                });
            } catch (RejectedExecutionException closing) {
                // the pool is closing: nobody receives any more
            }
        }
    }

    @Override
    public byte[] connect(byte[] fragments) throws PsrpEngineException {
        List<byte[]> messages;
        try {
            messages = new Defragmenter(limits.defragmenter()).feed(fragments);
        } catch (PsrpException e) {
            throw new PsrpEngineException("connectXml cannot be reassembled: " + e.getMessage(), e);
        }
        SessionCapability capability = null;
        PsrpMessage capabilityMessage = null;
        boolean connectSeen = false;
        for (byte[] bytes : messages) {
            PsrpMessage m = decoder.message(bytes);
            MessageBody body = decoder.body(m);
            if (body instanceof SessionCapability c && capability == null) {
                capability = c;
                capabilityMessage = m;
            } else if (body instanceof ConnectRunspacePool && capability != null && !connectSeen) {
                connectSeen = true;
            } else {
                throw new PsrpEngineException("connectXml holds " + MessageType.describe(m.typeCode())
                        + "; it must be SESSION_CAPABILITY then CONNECT_RUNSPACEPOOL ([MS-PSRP] 3.2.5.4.10)");
            }
        }
        if (!connectSeen) {
            throw new PsrpEngineException("connectXml lacks SESSION_CAPABILITY or CONNECT_RUNSPACEPOOL");
        }
        try {
            capability.requireCompatible();
        } catch (PsrpException e) {
            throw new PsrpEngineException(e.getMessage(), e);
        }
        synchronized (this) {
            if (closed || state.state() != RunspacePoolState.OPENED) {
                throw new PsrpEngineException("cannot connect: the runspace pool is " + state.state());
            }
        }
        UUID rpid = capabilityMessage.runspacePoolId();
        outbox.clientPoolId(rpid);
        byte[] answer = outbox.encodeForConnect(List.of(
                outbox.codec().toMessage(VersionTable.CAPABILITY, Destination.CLIENT, rpid, DotNetGuid.NIL),
                outbox.codec().toMessage(new RunspacePoolInitData(sizes.min(), sizes.max()), rpid, DotNetGuid.NIL)));
        // what Windows sent the reconnected client next on the pool (psrp.md 1.8), after this answer is out
        threads.execute(() -> {
            try {
                outbox.toPool(VersionTable.privateData());
                outbox.toPool(RunspacePoolStateMessage.of(RunspacePoolState.OPENED.wire()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return answer;
    }

    @Override
    public void close() {
        List<RestrictedPipeline> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (state.allows(PoolEvent.CLOSE)) {
                state.fire(PoolEvent.CLOSE);
                state.fire(PoolEvent.FINISH_CLOSE);
            }
            running = new ArrayList<>(pipelines.values());
        }
        running.forEach(RestrictedPipeline::stop);
        threads.shutdownNow();
        audit.poolClosed(context);
    }

    /** [MS-PSRP] 3.2.5.1: the pool cannot go on; it says so, stops its pipelines and ends. */
    private PsrpEngineException breakPool(String reason) {
        List<RestrictedPipeline> running;
        synchronized (this) {
            if (!state.allows(PoolEvent.BREAK)) {
                return new PsrpEngineException("the runspace pool is " + state.state() + ": " + reason);
            }
            state.fire(PoolEvent.BREAK);
            running = new ArrayList<>(pipelines.values());
        }
        LOG.info("runspace pool {} broken: {}", context.poolId(), reason);
        running.forEach(RestrictedPipeline::stop);
        ErrorRecord record = new ErrorRecord(reason, List.of("System.Management.Automation.Remoting."
                + "PSRemotingDataStructureException", "System.Management.Automation.RuntimeException",
                "System.SystemException", "System.Exception"), "RemoteRunspaceStateInfoReason",
                ErrorCategory.PROTOCOL_ERROR, null, "PSRemotingDataStructureException", null, null,
                PsNull.INSTANCE);
        try {
            outbox.toPool(RunspacePoolStateMessage.broken(RunspacePoolState.BROKEN.wire(), record));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.engineEnded(reason);
        return new PsrpEngineException(reason);
    }
}
