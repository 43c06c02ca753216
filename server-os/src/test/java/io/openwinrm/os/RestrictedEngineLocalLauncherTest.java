package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.access.Subject;
import io.openwinrm.policy.restrict.RoleCapabilityFile;
import io.openwinrm.policy.restrict.RoleMerger;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.command.PowerShell;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.fragment.Fragmenter;
import io.openwinrm.psrp.message.ApartmentState;
import io.openwinrm.psrp.message.CreatePipeline;
import io.openwinrm.psrp.message.Destination;
import io.openwinrm.psrp.message.DotNetGuid;
import io.openwinrm.psrp.message.EndOfPipelineInput;
import io.openwinrm.psrp.message.HostInfo;
import io.openwinrm.psrp.message.InitRunspacePool;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.PipelineInput;
import io.openwinrm.psrp.message.PipelineOutput;
import io.openwinrm.psrp.message.PipelineStateMessage;
import io.openwinrm.psrp.message.PsThreadOptions;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.psrp.message.SessionCapability;
import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.psrp.engine.EngineContext;
import io.openwinrm.server.psrp.engine.EngineOutput;
import io.openwinrm.server.psrp.engine.RunspacePoolEngine;
import io.openwinrm.server.psrp.restricted.RestrictedAudit;
import io.openwinrm.server.psrp.restricted.RestrictedEngineFactory;
import io.openwinrm.server.shell.ShellContext;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The restricted PSRP engine with the production launcher: programs start in their own process group through
 * {@link LocalProcessLauncher}, take pipeline input on stdin, and a stop kills the group.
 */
@Timeout(60)
class RestrictedEngineLocalLauncherTest {

    private final UUID poolId = UUID.randomUUID();
    private final MessageBodyCodec codec = new MessageBodyCodec();
    private final Fragmenter fragmenter = new Fragmenter(Fragmenter.DEFAULT_FRAGMENT_SIZE);
    private final Collected out = new Collected();
    private RunspacePoolEngine engine;

    @BeforeEach
    void open() throws Exception {
        String role = """
                [[command]]
                program = "%s"
                [[command]]
                program = "%s"
                  [[command.positional]]
                  name = "seconds"
                  pattern = "^[0-9]+$"
                  required = true
                """.formatted(program("cat"), program("sleep"));
        Endpoint endpoint = new Endpoint("jea", "test", Endpoint.uris("jea"), EndpointKind.RESTRICTED,
                AccessList.DEFAULT, new RunAs.Caller(), ResourceLimits.NONE, Optional.empty(), RoleDefinitions.NONE,
                Map.of());
        ShellContext shell = new ShellContext(endpoint, new Caller("alice", Optional.empty(),
                new Subject("alice", Set.of(), false)), Optional.empty(), Sandbox.NONE,
                Optional.of(RoleMerger.merge(List.of(RoleCapabilityFile.parse("t", role)))), List.of("t"), () -> { },
                null);
        engine = new RestrictedEngineFactory(RestrictedAudit.NONE).open(new EngineContext(poolId, shell,
                new LocalProcessLauncher(), 32 * 1024), out);
        engine.poolInput(bytes(DotNetGuid.NIL, SessionCapability.WINDOWS_POWERSHELL_5_1, new InitRunspacePool(1, 1,
                PsThreadOptions.DEFAULT, ApartmentState.UNKNOWN, HostInfo.NULL_HOST, PsNull.INSTANCE)));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void pipelineInputReachesTheProgram() throws Exception {
        UUID id = UUID.randomUUID();
        engine.createPipeline(id, bytes(id, new CreatePipeline(false, ApartmentState.UNKNOWN, 0, false,
                HostInfo.NULL_HOST, PowerShell.of(Command.cmdlet("cat")), false)));
        engine.pipelineInput(id, bytes(id, new PipelineInput(new PsString("one")),
                new PipelineInput(new PsString("two")), new EndOfPipelineInput()));

        List<MessageBody> sent = out.await(id);
        assertThat(sent).filteredOn(PipelineOutput.class::isInstance)
                .extracting(b -> ((PipelineOutput) b).value())
                .containsExactly(new PsString("one"), new PsString("two"));
        assertThat(((PipelineStateMessage) sent.get(sent.size() - 1)).state())
                .isEqualTo(PipelineState.COMPLETED.wire());
    }

    @Test
    void stopKillsTheProcessGroup() throws Exception {
        UUID id = UUID.randomUUID();
        engine.createPipeline(id, bytes(id, CreatePipeline.of(PowerShell.of(Command.script("sleep 30")))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Optional<ProcessHandle> sleeper = Optional.empty();
        while (sleeper.isEmpty() && System.nanoTime() < deadline) {
            sleeper = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/sleep")).findFirst();
            Thread.sleep(20);
        }
        assertThat(sleeper).isPresent();

        engine.stopPipeline(id);

        List<MessageBody> sent = out.await(id);
        assertThat(((PipelineStateMessage) sent.get(sent.size() - 1)).state()).isEqualTo(PipelineState.STOPPED.wire());
        assertThat(sleeper.get().onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    private byte[] bytes(UUID pipeline, MessageBody... bodies) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (MessageBody b : bodies) {
            all.writeBytes(fragmenter.fragmentToBytes(PsrpMessageCodec.encode(codec.toMessage(b, Destination.SERVER,
                    poolId, pipeline))));
        }
        return all.toByteArray();
    }

    private static String program(String name) {
        return Files.isExecutable(Path.of("/usr/bin/" + name)) ? "/usr/bin/" + name : "/bin/" + name;
    }

    /** Pipeline messages by pipeline, reassembled and decoded. */
    private final class Collected implements EngineOutput {
        private final Map<UUID, Defragmenter> defragmenters = new HashMap<>();
        private final Map<UUID, List<MessageBody>> bodies = new HashMap<>();
        private final Set<UUID> done = new HashSet<>();

        @Override
        public void poolOutput(byte[] fragments) {
        }

        @Override
        public synchronized void pipelineOutput(UUID pipelineId, byte[] fragments) {
            for (byte[] m : defragmenters.computeIfAbsent(pipelineId, p -> new Defragmenter()).feed(fragments)) {
                bodies.computeIfAbsent(pipelineId, p -> new ArrayList<>())
                        .add(codec.decode(PsrpMessageCodec.decode(m)));
            }
        }

        @Override
        public synchronized void pipelineDone(UUID pipelineId) {
            done.add(pipelineId);
            notifyAll();
        }

        @Override
        public void engineEnded(String reason) {
        }

        synchronized List<MessageBody> await(UUID id) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!done.contains(id) && System.nanoTime() < deadline) {
                wait(100);
            }
            assertThat(done).contains(id);
            return List.copyOf(bodies.get(id));
        }
    }
}
