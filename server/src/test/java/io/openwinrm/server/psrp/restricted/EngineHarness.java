package io.openwinrm.server.psrp.restricted;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.access.Subject;
import io.openwinrm.policy.restrict.CommandPolicy;
import io.openwinrm.policy.restrict.RoleCapabilityFile;
import io.openwinrm.policy.restrict.RoleMerger;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsPrimitive;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.command.PowerShell;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.fragment.Fragment;
import io.openwinrm.psrp.fragment.FragmentCodec;
import io.openwinrm.psrp.fragment.Fragmenter;
import io.openwinrm.psrp.message.ApartmentState;
import io.openwinrm.psrp.message.CreatePipeline;
import io.openwinrm.psrp.message.Destination;
import io.openwinrm.psrp.message.DotNetGuid;
import io.openwinrm.psrp.message.EndOfPipelineInput;
import io.openwinrm.psrp.message.ErrorRecordMessage;
import io.openwinrm.psrp.message.HostInfo;
import io.openwinrm.psrp.message.InitRunspacePool;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.PipelineInput;
import io.openwinrm.psrp.message.PipelineOutput;
import io.openwinrm.psrp.message.PipelineStateMessage;
import io.openwinrm.psrp.message.PsThreadOptions;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.psrp.message.SessionCapability;
import io.openwinrm.psrp.stream.ErrorRecord;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.psrp.engine.EngineContext;
import io.openwinrm.server.psrp.engine.EngineOutput;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.psrp.engine.RunspacePoolEngine;
import io.openwinrm.server.shell.ShellContext;
import java.time.Duration;
import io.openwinrm.psrp.state.PipelineState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client side of the restricted engine in tests: builds messages with the psrp codec, fragments them as a client
 * does, feeds the engine, and collects, reassembles and decodes what the engine emits ({@link Output}).
 */
final class EngineHarness implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    final UUID poolId = UUID.randomUUID();
    final MessageBodyCodec codec = new MessageBodyCodec();
    final Fragmenter fragmenter = new Fragmenter(Fragmenter.DEFAULT_FRAGMENT_SIZE);
    final Output output;
    final RunspacePoolEngine engine;
    final List<String> audit = new CopyOnWriteArrayList<>();

    EngineHarness(String roleToml, ProcessLauncher launcher) throws PsrpEngineException {
        this(roleToml, launcher, 32 * 1024, ResourceLimits.NONE, RestrictedEngineLimits.DEFAULT);
    }

    EngineHarness(String roleToml, ProcessLauncher launcher, int maxFragmentSize, ResourceLimits endpointLimits,
            RestrictedEngineLimits limits) throws PsrpEngineException {
        CommandPolicy policy = RoleMerger.merge(List.of(RoleCapabilityFile.parse("tester", roleToml)));
        Endpoint endpoint = new Endpoint("jea", "test", Endpoint.uris("jea"), EndpointKind.RESTRICTED,
                AccessList.DEFAULT, new RunAs.Caller(), endpointLimits, Optional.empty(), RoleDefinitions.NONE,
                Map.of());
        ShellContext shell = new ShellContext(endpoint, new Caller("alice", Optional.empty(),
                new Subject("alice", Set.of(), false)), Optional.empty(), Sandbox.NONE, Optional.of(policy),
                List.of("tester"), () -> { }, "192.0.2.1");
        output = new Output(maxFragmentSize);
        engine = new RestrictedEngineFactory(recordingAudit(), limits).open(
                new EngineContext(poolId, shell, launcher, maxFragmentSize), output);
    }

    private RestrictedAudit recordingAudit() {
        return new RestrictedAudit() {
            @Override
            public void commandEnded(EngineContext context, UUID pipelineId, List<String> argv, int exitCode,
                    long bytesIn, long bytesOut, Duration duration, String how) {
                audit.add("ran " + String.join(" ", argv) + " -> " + exitCode + " " + how);
            }

            @Override
            public void commandRefused(EngineContext context, UUID pipelineId, List<String> argv, String rule,
                    String reason) {
                audit.add("refused " + String.join(" ", argv) + " (" + rule + ")");
            }
        };
    }

    /** The wire bytes of client messages, fragmented as a client does. */
    byte[] fragments(UUID pipelineId, MessageBody... bodies) {
        List<byte[]> parts = new ArrayList<>();
        for (MessageBody b : bodies) {
            PsrpMessage m = codec.toMessage(b, Destination.SERVER, poolId, pipelineId);
            parts.add(fragmenter.fragmentToBytes(PsrpMessageCodec.encode(m)));
        }
        int total = parts.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static InitRunspacePool init(HostInfo host) {
        return new InitRunspacePool(1, 1, PsThreadOptions.DEFAULT, ApartmentState.UNKNOWN, host, PsNull.INSTANCE);
    }

    /** SESSION_CAPABILITY and INIT_RUNSPACEPOOL, as in creationXml. */
    void open() throws PsrpEngineException {
        engine.poolInput(fragments(DotNetGuid.NIL, SessionCapability.WINDOWS_POWERSHELL_5_1, init(HostInfo.NULL_HOST)));
        output.awaitPool(3);
    }

    /** Creates a pipeline and returns its id. */
    UUID run(PowerShell ps) throws PsrpEngineException {
        return run(CreatePipeline.of(ps));
    }

    UUID run(CreatePipeline create) throws PsrpEngineException {
        UUID id = UUID.randomUUID();
        engine.createPipeline(id, fragments(id, create));
        return id;
    }

    void input(UUID pipeline, PsValue... values) throws PsrpEngineException {
        for (PsValue v : values) {
            engine.pipelineInput(pipeline, fragments(pipeline, new PipelineInput(v)));
        }
    }

    void endInput(UUID pipeline) throws PsrpEngineException {
        engine.pipelineInput(pipeline, fragments(pipeline, new EndOfPipelineInput()));
    }

    /** Waits for the pipeline's end and returns what it sent. */
    Result result(UUID pipeline) {
        output.awaitDone(pipeline);
        List<MessageBody> bodies = new ArrayList<>();
        for (PsrpMessage m : output.pipelineMessages(pipeline)) {
            assertThat(m.pipelineId()).isEqualTo(pipeline);
            assertThat(m.runspacePoolId()).isEqualTo(poolId);
            bodies.add(codec.decode(m));
        }
        return new Result(bodies);
    }

    @Override
    public void close() {
        engine.close();
    }

    /** What a pipeline sent, by kind. */
    record Result(List<MessageBody> bodies) {
        List<PsValue> output() {
            return bodies.stream().filter(PipelineOutput.class::isInstance).map(b -> ((PipelineOutput) b).value())
                    .toList();
        }

        List<String> strings() {
            return output().stream().map(v -> ((PsPrimitive) v).text()).toList();
        }

        /** The error records, then a Failed state's reason: the errors a client such as pypsrp reports. */
        List<ErrorRecord> errors() {
            List<ErrorRecord> all = new ArrayList<>(bodies.stream().filter(ErrorRecordMessage.class::isInstance)
                    .map(b -> ((ErrorRecordMessage) b).errorRecord()).toList());
            if (!bodies.isEmpty() && bodies.get(bodies.size() - 1) instanceof PipelineStateMessage s
                    && s.state() == PipelineState.FAILED.wire()) {
                s.reason().ifPresent(all::add);
            }
            return all;
        }

        PipelineStateMessage state() {
            MessageBody last = bodies.get(bodies.size() - 1);
            assertThat(last).isInstanceOf(PipelineStateMessage.class);
            return (PipelineStateMessage) last;
        }
    }

    /** Collects the engine's fragments per target, checks their size, reassembles them. */
    static final class Output implements EngineOutput {
        private final int maxFragmentSize;
        private final Defragmenter pool = new Defragmenter();
        private final List<PsrpMessage> poolMessages = new ArrayList<>();
        private final Map<UUID, Defragmenter> pipelineDefragmenters = new HashMap<>();
        private final Map<UUID, List<PsrpMessage>> pipelineMessages = new HashMap<>();
        private final Set<UUID> done = new HashSet<>();
        private volatile String ended;

        Output(int maxFragmentSize) {
            this.maxFragmentSize = maxFragmentSize;
        }

        @Override
        public synchronized void poolOutput(byte[] fragments) {
            check(fragments);
            for (byte[] m : pool.feed(fragments)) {
                poolMessages.add(PsrpMessageCodec.decode(m));
            }
            notifyAll();
        }

        /** While set, pipeline output blocks until it is counted down (a client that does not receive). */
        volatile CountDownLatch gate;
        final AtomicInteger blocked = new AtomicInteger();

        @Override
        public void pipelineOutput(UUID pipelineId, byte[] fragments) throws InterruptedException {
            CountDownLatch g = gate;
            if (g != null) {
                blocked.incrementAndGet();
                try {
                    g.await();
                } finally {
                    blocked.decrementAndGet();
                }
            }
            received(pipelineId, fragments);
        }

        private synchronized void received(UUID pipelineId, byte[] fragments) {
            check(fragments);
            assertThat(done).doesNotContain(pipelineId);
            Defragmenter d = pipelineDefragmenters.computeIfAbsent(pipelineId, id -> new Defragmenter());
            for (byte[] m : d.feed(fragments)) {
                pipelineMessages.computeIfAbsent(pipelineId, id -> new ArrayList<>()).add(PsrpMessageCodec.decode(m));
            }
            notifyAll();
        }

        @Override
        public synchronized void pipelineDone(UUID pipelineId) {
            done.add(pipelineId);
            notifyAll();
        }

        @Override
        public synchronized void engineEnded(String reason) {
            ended = reason;
            notifyAll();
        }

        String ended() {
            return ended;
        }

        private void check(byte[] fragments) {
            List<Fragment> all = FragmentCodec.decodeAll(fragments, Integer.MAX_VALUE);
            assertThat(all).hasSize(1);
            assertThat(fragments.length).isLessThanOrEqualTo(maxFragmentSize);
        }

        synchronized List<PsrpMessage> awaitPool(int count) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (poolMessages.size() < count && System.nanoTime() < deadline) {
                waitQuietly();
            }
            assertThat(poolMessages).hasSizeGreaterThanOrEqualTo(count);
            return List.copyOf(poolMessages);
        }

        synchronized List<PsrpMessage> poolMessages() {
            return List.copyOf(poolMessages);
        }

        synchronized void awaitDone(UUID pipeline) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.contains(pipeline) && System.nanoTime() < deadline) {
                waitQuietly();
            }
            assertThat(done).as("pipeline %s done", pipeline).contains(pipeline);
        }

        synchronized List<PsrpMessage> pipelineMessages(UUID pipeline) {
            return List.copyOf(pipelineMessages.getOrDefault(pipeline, List.of()));
        }

        synchronized boolean isDone(UUID pipeline) {
            return done.contains(pipeline);
        }

        private void waitQuietly() {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
