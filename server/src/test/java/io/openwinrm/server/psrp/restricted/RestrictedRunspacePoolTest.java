package io.openwinrm.server.psrp.restricted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.psrp.clixml.PsDictionary;
import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.clixml.PsVersion;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.command.PowerShell;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.message.ApartmentState;
import io.openwinrm.psrp.message.ApplicationPrivateData;
import io.openwinrm.psrp.message.ConnectRunspacePool;
import io.openwinrm.psrp.message.CreatePipeline;
import io.openwinrm.psrp.message.DotNetGuid;
import io.openwinrm.psrp.message.EndOfPipelineInput;
import io.openwinrm.psrp.message.GetAvailableRunspaces;
import io.openwinrm.psrp.message.HostCall;
import io.openwinrm.psrp.message.HostInfo;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageType;
import io.openwinrm.psrp.message.PipelineInput;
import io.openwinrm.psrp.message.PipelineOutput;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.psrp.message.RunspaceAvailability;
import io.openwinrm.psrp.message.RunspacePoolInitData;
import io.openwinrm.psrp.message.RunspacePoolStateMessage;
import io.openwinrm.psrp.message.SessionCapability;
import io.openwinrm.psrp.message.SetMaxRunspaces;
import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.psrp.state.RunspacePoolState;
import io.openwinrm.psrp.stream.ErrorRecord;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.testing.JdkProcessLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restricted engine driven as a client drives it: messages built and fragmented with the psrp codec, fed to the
 * engine, its output reassembled and decoded. Programs run for real (through {@link JdkProcessLauncher}).
 */
@Timeout(60)
class RestrictedRunspacePoolTest {

    @TempDir
    static Path dir;
    static Path emit;
    static String role;

    private final List<LaunchedProcess> launched = new CopyOnWriteArrayList<>();
    private final ProcessLauncher launcher = spec -> {
        LaunchedProcess p = new JdkProcessLauncher().launch(spec);
        launched.add(p);
        return p;
    };
    private EngineHarness h;

    @BeforeAll
    static void role() throws IOException {
        emit = dir.resolve("emit.sh");
        Files.writeString(emit, "#!/bin/sh\necho one\necho two\necho bad >&2\nexit 3\n");
        Files.setPosixFilePermissions(emit, PosixFilePermissions.fromString("rwx------"));
        role = """
                [[command]]
                program = "%s"
                any_arguments = true
                [[command]]
                program = "%s"
                [[command]]
                program = "%s"
                  [[command.positional]]
                  name = "seconds"
                  pattern = "^[0-9]+$"
                  required = true
                [[command]]
                program = "%s"
                any_arguments = true
                """.formatted(emit, program("cat"), program("sleep"), program("seq"));
    }

    static String program(String name) {
        for (String d : List.of("/usr/bin/", "/bin/")) {
            if (Files.isExecutable(Path.of(d + name))) {
                return d + name;
            }
        }
        throw new IllegalStateException("no " + name);
    }

    @BeforeEach
    void start() throws PsrpEngineException {
        h = new EngineHarness(role, launcher);
    }

    @AfterEach
    void stop() {
        h.close();
        launched.forEach(LaunchedProcess::destroyGroup);
    }

    @Test
    void opensThePoolAsWindowsDoes() throws Exception {
        h.open();

        List<PsrpMessage> pool = h.output.poolMessages();
        assertThat(pool).extracting(PsrpMessage::typeCode).containsExactly(MessageType.SESSION_CAPABILITY.code(),
                MessageType.APPLICATION_PRIVATE_DATA.code(), MessageType.RUNSPACEPOOL_STATE.code());
        assertThat(pool.get(0).runspacePoolId()).isEqualTo(DotNetGuid.NIL);
        assertThat(pool.get(1).runspacePoolId()).isEqualTo(h.poolId);
        SessionCapability capability = (SessionCapability) h.codec.decode(pool.get(0));
        assertThat(capability.protocolVersion()).isEqualTo(PsVersion.of(2, 3));
        PsDictionary table = ((ApplicationPrivateData) h.codec.decode(pool.get(1))).psVersionTable().orElseThrow();
        assertThat(table.get("PSRemotingProtocolVersion")).contains(PsVersion.of(2, 3));
        assertThat(table.get("PSVersion")).contains(PsVersion.of(5, 1));
        assertThat(table.get("SerializationVersion")).contains(new PsVersion(1, 1, 0, 1));
        assertThat(((RunspacePoolStateMessage) h.codec.decode(pool.get(2))).state())
                .isEqualTo(RunspacePoolState.OPENED.wire());
    }

    @Test
    void answersRunspaceRequests() throws Exception {
        h.open();
        h.engine.poolInput(h.fragments(DotNetGuid.NIL, new SetMaxRunspaces(4, 7), new GetAvailableRunspaces(8)));

        List<PsrpMessage> pool = h.output.awaitPool(5);
        RunspaceAvailability set = (RunspaceAvailability) h.codec.decode(pool.get(3));
        RunspaceAvailability available = (RunspaceAvailability) h.codec.decode(pool.get(4));
        assertThat(set.callId()).isEqualTo(7);
        assertThat(set.response()).isEqualTo(PsValue.of(true));
        assertThat(available.callId()).isEqualTo(8);
        assertThat(((PsInteger) available.response()).value()).isEqualTo(4);
    }

    @Test
    void psVersionTableAsTheWholeScript() throws Exception {
        h.open();
        EngineHarness.Result r = h.result(h.run(PowerShell.of(Command.script("$PSVersionTable"))));

        assertThat(r.state().state()).isEqualTo(PipelineState.COMPLETED.wire());
        PsObject table = (PsObject) r.output().get(0);
        assertThat(table.typeNames()).contains("System.Collections.Hashtable");
        PsDictionary d = (PsDictionary) table.container();
        assertThat(d.get("PSVersion")).contains(PsVersion.of(5, 1));
        assertThat(d.get("PSEdition")).contains(new PsString("OpenWinRM"));
    }

    @Test
    void getCommandListsExactlyWhatTheRolesAllow() throws Exception {
        h.open();
        EngineHarness.Result r = h.result(h.run(PowerShell.of(Command.cmdlet("Get-Command"))));

        assertThat(r.errors()).isEmpty();
        List<String> names = r.output().stream().map(v -> ((PsObject) v).toStringValue()).toList();
        assertThat(names).containsExactlyInAnyOrder("Clear-Host", "Exit-PSSession", "Get-Command", "Get-FormatData",
                "Get-Help", "Measure-Object", "Out-Default", "Select-Object", "emit.sh", "cat", "sleep", "seq");
        PsObject cat = (PsObject) r.output().stream().filter(v -> ((PsObject) v).toStringValue().equals("cat"))
                .findFirst().orElseThrow();
        assertThat(cat.typeNames()).startsWith("System.Management.Automation.ApplicationInfo");
        assertThat(cat.property("Definition")).contains(new PsString(program("cat")));
        assertThat(((PsObject) cat.property("CommandType").orElseThrow()).toStringValue()).isEqualTo("Application");
    }

    @Test
    void getCommandFiltersByNameAndPipesIntoSelectObject() throws Exception {
        h.open();
        EngineHarness.Result r = h.result(h.run(PowerShell.of(Command.script(
                "Get-Command -Name Get-* | Select-Object -Property Name -First 2"))));

        assertThat(r.errors()).isEmpty();
        assertThat(r.output()).hasSize(2).allSatisfy(v -> assertThat(((PsObject) v).property("Name")).isPresent());
    }

    @Test
    void nativeCommandOutputStderrAndExitCode() throws Exception {
        h.open();
        EngineHarness.Result r = h.result(h.run(PowerShell.of(Command.script(emit + " --flag 'two words'"))));

        assertThat(r.strings()).containsExactly("one", "two");
        assertThat(r.errors()).extracting(ErrorRecord::fullyQualifiedErrorId)
                .containsExactly("NativeCommandError", "ProgramExitedWithNonZeroCode");
        assertThat(r.errors().get(0).message()).isEqualTo("bad");
        assertThat(r.errors().get(1).message()).contains("exit code: 3");
        assertThat(r.state().state()).isEqualTo(PipelineState.COMPLETED.wire());

        EngineHarness.Result last = h.result(h.run(PowerShell.of(Command.script("$LASTEXITCODE"))));
        assertThat(((PsInteger) last.output().get(0)).value()).isEqualTo(3);
        assertThat(h.audit).contains("ran " + emit + " --flag two words -> 3 exited");
    }

    @Test
    void nativeCommandByNameWithApiArgumentsIntoMeasureObject() throws Exception {
        h.open();
        EngineHarness.Result r = h.result(h.run(PowerShell.of(Command.cmdlet("emit.sh",
                CommandParameter.positional(new PsString("x"))), Command.cmdlet("Measure-Object"))));

        PsObject measure = (PsObject) r.output().get(0);
        assertThat(measure.property("Count")).contains(PsValue.of(2));
    }

    @Test
    void refusalsNameTheRule() throws Exception {
        h.open();
        assertRefused(Command.script("cat $HOME/.ssh/id_rsa"), "VariableReferenceNotAllowed");
        assertRefused(Command.script("Get-Command { rm -rf / }"), "ScriptBlockNotAllowed");
        assertRefused(Command.script("Get-Command; cat /etc/shadow"), "StatementSeparatorNotAllowed");
        assertRefused(Command.cmdlet("rm", CommandParameter.positional(new PsString("/"))),
                "CommandNotFoundException");
        assertRefused(Command.script("sleep forever"), "ParameterArgumentValidationError,sleep");
        assertRefused(Command.script("cat (Get-Command)"), "ExpressionNotAllowed");
        assertRefused(Command.script("cat /etc/passwd > /tmp/x"), "RedirectionNotAllowed");
        assertRefused(Command.cmdlet("Get-Command", CommandParameter.named("Nope", new PsString("x"))),
                "NamedParameterNotFound,Get-Command");
        assertThat(launched).isEmpty();
        assertThat(h.audit).anySatisfy(a -> assertThat(a).startsWith("refused rm / (program allowlist)"));
    }

    private void assertRefused(Command command, String errorId) throws Exception {
        EngineHarness.Result r = h.result(h.run(PowerShell.of(command)));
        assertThat(r.output()).isEmpty();
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0).fullyQualifiedErrorId()).isEqualTo(errorId);
        // as JEA: the refusal ends the pipeline Failed, the error record its reason
        assertThat(r.state().state()).isEqualTo(PipelineState.FAILED.wire());
    }

    @Test
    void stopKillsALongCommand() throws Exception {
        h.open();
        UUID id = h.run(PowerShell.of(Command.script("sleep 30")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (launched.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(launched).hasSize(1);
        long started = System.nanoTime();

        h.engine.stopPipeline(id);
        EngineHarness.Result r = h.result(id);

        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
        assertThat(r.state().state()).isEqualTo(PipelineState.STOPPED.wire());
        assertThat(r.state().reason().orElseThrow().fullyQualifiedErrorId()).isEqualTo("PipelineStopped");
        assertThat(launched.get(0).onExit().get(5, TimeUnit.SECONDS)).isNotZero();
        assertThat(ProcessHandle.of(launched.get(0).pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void pipelineInputGoesToStdin() throws Exception {
        h.open();
        CreatePipeline create = new CreatePipeline(false, ApartmentState.UNKNOWN, 15, false, HostInfo.NULL_HOST,
                PowerShell.of(Command.cmdlet("cat")), false);
        UUID id = h.run(create);
        h.input(id, new PsString("alpha"), new PsString("beta"), PsValue.of(42));
        h.endInput(id);

        EngineHarness.Result r = h.result(id);
        assertThat(r.strings()).containsExactly("alpha", "beta", "42");
        assertThatThrownBy(() -> h.input(id, new PsString("late"))).isInstanceOf(PsrpEngineException.class)
                .hasMessageContaining("no pipeline");
    }

    @Test
    void inputAfterTheEndIsRefused() throws Exception {
        h.open();
        CreatePipeline create = new CreatePipeline(false, ApartmentState.UNKNOWN, 15, false, HostInfo.NULL_HOST,
                PowerShell.of(Command.script("sleep 5")), false);
        UUID id = h.run(create);
        h.endInput(id);

        assertThatThrownBy(() -> h.input(id, new PsString("late"))).isInstanceOf(PsrpEngineException.class)
                .hasMessageContaining("after the end of input");
        h.engine.stopPipeline(id);
        assertThat(h.result(id).state().state()).isEqualTo(PipelineState.STOPPED.wire());
    }

    @Test
    void unknownPipelineIsRefused() throws Exception {
        h.open();
        assertThatThrownBy(() -> h.input(UUID.randomUUID(), new PsString("x")))
                .isInstanceOf(PsrpEngineException.class).hasMessageContaining("no pipeline");
        h.engine.stopPipeline(UUID.randomUUID()); // nothing to stop: no error
    }

    @Test
    void createPipelineBeforeOpenIsRefusedAndThePoolStillOpens() throws Exception {
        assertThatThrownBy(() -> h.run(PowerShell.of(Command.cmdlet("Get-Command"))))
                .isInstanceOf(PsrpEngineException.class).hasMessageContaining("must be Opened");

        h.open();
        assertThat(h.result(h.run(PowerShell.of(Command.script("$PSVersionTable")))).output()).hasSize(1);
    }

    @Test
    void secondInitIsRefusedAndThePoolGoesOn() throws Exception {
        h.open();
        assertThatThrownBy(() -> h.engine.poolInput(h.fragments(DotNetGuid.NIL,
                EngineHarness.init(HostInfo.NULL_HOST)))).isInstanceOf(PsrpEngineException.class)
                .hasMessageContaining("second INIT_RUNSPACEPOOL");

        assertThat(h.result(h.run(PowerShell.of(Command.script("$PSVersionTable")))).output()).hasSize(1);
        assertThat(h.output.ended()).isNull();
    }

    @Test
    void unreadablePoolFragmentsBreakThePool() throws Exception {
        h.open();
        byte[] garbage = new byte[40];
        garbage[16] = 0x7F; // reserved flag bits

        assertThatThrownBy(() -> h.engine.poolInput(garbage)).isInstanceOf(PsrpEngineException.class);
        PsrpMessage last = h.output.awaitPool(4).get(3);
        RunspacePoolStateMessage broken = (RunspacePoolStateMessage) h.codec.decode(last);
        assertThat(broken.state()).isEqualTo(RunspacePoolState.BROKEN.wire());
        assertThat(h.output.ended()).isNotNull();
    }

    @Test
    void enterPsSessionStyleHostGetsLinesAndPrompt() throws Exception {
        HostInfo host = new HostInfo(false, false, false, false, null);
        h.engine.poolInput(h.fragments(DotNetGuid.NIL, SessionCapability.WINDOWS_POWERSHELL_5_1,
                EngineHarness.init(host)));
        h.output.awaitPool(3);
        CreatePipeline line = new CreatePipeline(true, ApartmentState.UNKNOWN, 15, false, host,
                PowerShell.of(Command.script("emit.sh"), Command.cmdlet("Out-Default")), false);

        EngineHarness.Result r = h.result(h.run(line));
        List<HostCall> calls = r.bodies().stream().filter(HostCall.class::isInstance).map(HostCall.class::cast)
                .toList();
        assertThat(calls).extracting(c -> c.parameters().get(0)).containsExactly(new PsString("one"),
                new PsString("two"));
        assertThat(calls).allSatisfy(c -> assertThat(c.callId()).isEqualTo(HostCall.VOID_CALL_ID));

        EngineHarness.Result prompt = h.result(h.run(PowerShell.of(Command.cmdlet("prompt"))));
        assertThat(prompt.strings()).containsExactly("PS>");
        EngineHarness.Result exit = h.result(h.run(new CreatePipeline(true, ApartmentState.UNKNOWN, 15, false, host,
                PowerShell.of(Command.script("exit 4")), false)));
        HostCall shouldExit = (HostCall) exit.bodies().get(0);
        assertThat(shouldExit.methodName()).isEqualTo("SetShouldExit");
        assertThat(shouldExit.parameters()).containsExactly(PsValue.of(4));
    }

    @Test
    void smallFragmentsStillCarryEverything() throws Exception {
        h.close();
        h = new EngineHarness(role, launcher, 64, ResourceLimits.NONE,
                RestrictedEngineLimits.DEFAULT);
        h.open();
        EngineHarness.Result r = h.result(h.run(PowerShell.of(Command.cmdlet("Get-Command"))));
        assertThat(r.output()).hasSize(12);
    }

    @Test
    void thousandsOfPipelinesLeaveNothingBehind() throws Exception {
        h.open();
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < 1000; i++) {
            EngineHarness.Result r = h.result(h.run(PowerShell.of(Command.script("$LASTEXITCODE"))));
            assertThat(r.output()).hasSize(1);
        }
        assertThat(Thread.activeCount()).isLessThan(threadsBefore + 20);
        int before = h.output.poolMessages().size();
        h.engine.poolInput(h.fragments(DotNetGuid.NIL, new GetAvailableRunspaces(1)));
        RunspaceAvailability available = (RunspaceAvailability) h.codec.decode(h.output.awaitPool(before + 1)
                .get(before));
        assertThat(((PsInteger) available.response()).value()).as("no pipeline left in the table").isEqualTo(1);
    }

    @Test
    void tooManyPipelinesAtOnceAreRefused() throws Exception {
        h.open();
        for (int i = 0; i < RestrictedEngineLimits.DEFAULT.maxPipelines(); i++) {
            h.engine.createPipeline(UUID.randomUUID(), new byte[0]); // created, CREATE_PIPELINE still awaited
        }
        assertThatThrownBy(() -> h.run(PowerShell.of(Command.script("$PSVersionTable"))))
                .isInstanceOf(PsrpEngineException.class).hasMessageContaining("pipelines");
    }

    @Test
    void hugeArgumentsAreRefusedWithoutRunningAnything() throws Exception {
        h.open();
        String huge = "x".repeat(100_000);
        EngineHarness.Result r = h.result(h.run(PowerShell.of(Command.cmdlet("cat",
                CommandParameter.positional(new PsString(huge))))));
        assertThat(r.errors()).hasSize(1);
        assertThat(launched).isEmpty();
        EngineHarness.Result script = h.result(h.run(PowerShell.of(Command.script("cat " + huge))));
        assertThat(script.errors().get(0).fullyQualifiedErrorId()).isEqualTo("ScriptTooLong");
    }

    @Test
    void connectAnswersWithCapabilityAndInitData() throws Exception {
        h.open();
        byte[] answer = h.engine.connect(h.fragments(DotNetGuid.NIL, SessionCapability.WINDOWS_POWERSHELL_5_1,
                ConnectRunspacePool.KEEP_SIZES));

        List<byte[]> messages = new Defragmenter().feed(answer);
        List<MessageBody> bodies = messages.stream().map(m -> h.codec.decode(
                PsrpMessageCodec.decode(m))).toList();
        assertThat(bodies.get(0)).isInstanceOf(SessionCapability.class);
        assertThat(bodies.get(1)).isEqualTo(new RunspacePoolInitData(1, 1));
    }

    @Test
    void aClientThatDoesNotReceiveBlocksOnlyItsPipeline() throws Exception {
        h.open();
        h.output.gate = new CountDownLatch(1);
        UUID slow = h.run(PowerShell.of(Command.script("emit.sh")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h.output.blocked.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(h.output.blocked.get()).as("the runner waits for the client").isEqualTo(1);

        int before = h.output.poolMessages().size();
        h.engine.poolInput(h.fragments(DotNetGuid.NIL, new GetAvailableRunspaces(3)));
        assertThat(h.output.awaitPool(before + 1)).hasSize(before + 1);
        h.engine.stopPipeline(slow);
        UUID other = h.run(PowerShell.of(Command.script("Get-Command cat")));

        h.output.gate.countDown();
        assertThat(h.result(slow).state().state()).isEqualTo(PipelineState.STOPPED.wire());
        assertThat(h.result(other).output()).hasSize(1);
    }

    @Test
    void closeKillsProgramsAndEndsItsThreads() throws Exception {
        h.open();
        h.run(PowerShell.of(Command.script("sleep 30")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (launched.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        h.output.gate = new CountDownLatch(1); // nobody receives any more

        h.close();
        h.close(); // idempotent

        assertThat(launched.get(0).onExit().get(10, TimeUnit.SECONDS)).isNotZero();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engineThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engineThreads()).isZero();
        assertThatThrownBy(() -> h.run(PowerShell.of(Command.script("$PSVersionTable"))))
                .isInstanceOf(PsrpEngineException.class);
    }

    @Test
    void aFloodOfOutputArrivesWholeWhileTheClientIsSlow() throws Exception {
        h.open();
        h.output.gate = new CountDownLatch(1);
        UUID id = h.run(PowerShell.of(Command.script("seq 50000")));
        Thread.sleep(300); // the program fills what the engine buffers, then waits
        h.output.gate.countDown();

        EngineHarness.Result r = h.result(id);
        assertThat(r.output()).hasSize(50_000);
        assertThat(r.strings().get(49_999)).isEqualTo("50000");
    }

    @Test
    void aPidInAnotherByteOrderThanTheCommandIdIsEchoed() throws Exception {
        h.open();
        UUID commandId = UUID.randomUUID();
        UUID pid = UUID.randomUUID();
        CreatePipeline create = new CreatePipeline(false, ApartmentState.UNKNOWN, 15, false, HostInfo.NULL_HOST,
                PowerShell.of(Command.cmdlet("cat")), false);
        h.engine.createPipeline(commandId, h.fragments(pid, create));
        h.engine.pipelineInput(commandId, h.fragments(pid, new PipelineInput(
                new PsString("x"))));
        h.engine.pipelineInput(commandId, h.fragments(pid, new EndOfPipelineInput()));

        h.output.awaitDone(commandId);
        List<PsrpMessage> sent = h.output.pipelineMessages(commandId);
        assertThat(sent).extracting(PsrpMessage::pipelineId).containsOnly(pid);
        assertThat(((PipelineOutput) h.codec.decode(sent.get(0))).value())
                .isEqualTo(new PsString("x"));
    }

    @Test
    void theEndpointDeadlineStopsAProgram() throws Exception {
        h.close();
        h = new EngineHarness(role, launcher, 32 * 1024, new ResourceLimits(0, 0,
                Optional.of(Duration.ofMillis(300))), RestrictedEngineLimits.DEFAULT);
        h.open();

        EngineHarness.Result r = h.result(h.run(PowerShell.of(Command.script("sleep 30"))));
        assertThat(r.errors()).extracting(ErrorRecord::message).singleElement().asString()
                .contains("deadline");
        assertThat(r.state().state()).isEqualTo(PipelineState.COMPLETED.wire());
        assertThat(h.audit).anySatisfy(a -> assertThat(a).contains("sleep 30").contains("deadline"));
    }

    @Test
    void theOtherJeaCmdletsRun() throws Exception {
        h.open();
        EngineHarness.Result help = h.result(h.run(PowerShell.of(Command.script("Get-Help sleep"))));
        assertThat(help.strings()).singleElement().asString().contains(program("sleep"),
                "<seconds: matching ^[0-9]+$>");
        assertThat(h.result(h.run(PowerShell.of(Command.script("Get-FormatData")))).bodies()).hasSize(1);
        assertThat(h.result(h.run(PowerShell.of(Command.script("Clear-Host")))).bodies()).hasSize(1);
        EngineHarness.Result exit = h.result(h.run(PowerShell.of(Command.script("Exit-PSSession"))));
        assertThat(exit.errors()).extracting(ErrorRecord::fullyQualifiedErrorId)
                .containsExactly("HostDoesNotSupportPushRunspace,Exit-PSSession");
        EngineHarness.Result lines = h.result(h.run(PowerShell.of(Command.script("emit.sh | Measure-Object -Line "
                + "-Word"))));
        PsObject text = (PsObject) lines.output().get(0);
        assertThat(text.property("Lines")).contains(PsValue.of(2));
        assertThat(text.property("Words")).contains(PsValue.of(2));
        EngineHarness.Result unknown = h.result(h.run(PowerShell.of(Command.script("Get-Command nosuch"))));
        assertThat(unknown.errors()).extracting(ErrorRecord::fullyQualifiedErrorId).containsExactly(
                "CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand");
        EngineHarness.Result property = h.result(h.run(PowerShell.of(Command.script(
                "Get-Command | Select-Object -Property Definition"))));
        assertThat(property.errors()).extracting(ErrorRecord::fullyQualifiedErrorId).containsExactly(
                "ParameterArgumentValidationError,Select-Object");
    }

    @Test
    void aStopBeforeCreatePipelineIsCompleteEndsThePipeline() throws Exception {
        h.open();
        UUID id = UUID.randomUUID();
        byte[] all = h.fragments(id, CreatePipeline.of(PowerShell.of(Command.script("sleep 5"))));
        h.engine.createPipeline(id, Arrays.copyOf(all, 30)); // a partial fragment only

        h.engine.stopPipeline(id);

        assertThat(h.result(id).state().state()).isEqualTo(PipelineState.STOPPED.wire());
        assertThatThrownBy(() -> h.engine.pipelineInput(id, Arrays.copyOfRange(all, 30, all.length)))
                .isInstanceOf(PsrpEngineException.class);
        assertThat(launched).isEmpty();
    }

    @Test
    void theDebuggerSetupOfEnterPsSessionIsAnsweredQuietly() throws Exception {
        h.open();
        EngineHarness.Result mode = h.result(h.run(PowerShell.of(Command.cmdlet("__Set-PSDebugMode",
                CommandParameter.named("Mode", PsValue.of(0))))));
        assertThat(mode.bodies()).hasSize(1);
        assertThat(mode.state().state()).isEqualTo(PipelineState.COMPLETED.wire());
        EngineHarness.Result set = h.result(h.run(PowerShell.of(Command.cmdlet("__Set-PSBreakpoint"))));
        assertThat(set.errors()).extracting(ErrorRecord::fullyQualifiedErrorId)
                .containsExactly("RemoteDebuggingNotSupported,__Set-PSBreakpoint");
        EngineHarness.Result script = h.result(h.run(PowerShell.of(Command.script("__Set-PSDebugMode 0"))));
        assertThat(script.errors()).extracting(ErrorRecord::fullyQualifiedErrorId)
                .containsExactly("CommandNotFoundException");
    }

    private long engineThreads() {
        String prefix = "psrp-restricted-" + h.poolId.toString().substring(0, 8);
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }
}
