package io.openwinrm.psrp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.psrp.clixml.PsDictionary;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.clixml.PsVersion;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.fragment.Fragmenter;
import io.openwinrm.psrp.message.ApplicationPrivateData;
import io.openwinrm.psrp.message.CreatePipeline;
import io.openwinrm.psrp.message.Destination;
import io.openwinrm.psrp.message.DotNetGuid;
import io.openwinrm.psrp.message.ErrorRecordMessage;
import io.openwinrm.psrp.message.InformationalMessage;
import io.openwinrm.psrp.message.InitRunspacePool;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.PipelineOutput;
import io.openwinrm.psrp.message.PipelineStateMessage;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.psrp.message.RunspacePoolStateMessage;
import io.openwinrm.psrp.message.SessionCapability;
import io.openwinrm.psrp.stream.ErrorCategory;
import io.openwinrm.psrp.stream.ErrorRecord;
import io.openwinrm.psrp.stream.InformationalRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cross-check with psrpcore 0.3.1 (an independent Python implementation): what its client sends decodes here, and
 * what this codec writes as a server decodes there. Skipped, with the reason, unless {@code python3} can import
 * psrpcore; point {@code PSRPCORE_PATH} (or {@code -Dpsrpcore.path}) at a {@code pip install --target} directory.
 */
@Timeout(60)
class PsrpcoreCrossCheckTest {
    private static final UUID RPID = UUID.fromString("76056a84-51dc-4f24-9262-ca2a55464b2b");
    private static final UUID PID = UUID.fromString("79590bbd-46e2-486a-85b0-70ea7049235e");
    private static final String TRICKY = "tab\there\r\n😀 _x0041_ <&> \u0001";

    private static String pythonPath;
    private static Result probe;
    private final MessageBodyCodec codec = new MessageBodyCodec();

    @BeforeAll
    static void probePsrpcore() throws Exception {
        pythonPath = System.getProperty("psrpcore.path", System.getenv().getOrDefault("PSRPCORE_PATH", ""));
        probe = probe();
    }

    @BeforeEach
    void needsPsrpcore() {
        Assumptions.assumeTrue(probe.exit() == 0, () -> "psrpcore cross-check skipped: python3 cannot import "
                + "psrpcore (set PSRPCORE_PATH to a 'pip install --target' dir of psrpcore==0.3.1): "
                + probe.err().lines().reduce((a, b) -> b).orElse(""));
    }

    private static Result probe() throws Exception {
        try {
            return python(List.of("-c", "import psrpcore"), "");
        } catch (IOException e) {
            return new Result(-1, "", "python3 not found: " + e.getMessage());
        }
    }

    @Test
    void whatPsrpcoreSendsDecodesHere() throws Exception {
        Result r = script("client", "");
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Defragmenter> targets = new HashMap<>();
        List<PsrpMessage> messages = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            String[] parts = line.split(" ", -1);
            byte[] payload = Base64.getDecoder().decode(parts[1]);
            for (byte[] m : targets.computeIfAbsent(parts[0], k -> new Defragmenter()).feed(payload)) {
                messages.add(PsrpMessageCodec.decode(m));
            }
        }
        assertThat(messages).hasSize(3);
        assertThat(messages).allSatisfy(m -> assertThat(m.runspacePoolId()).isEqualTo(RPID));
        SessionCapability cap = (SessionCapability) codec.decode(messages.get(0));
        assertThat(cap.protocolVersion()).isEqualTo(PsVersion.of(2, 3));
        InitRunspacePool init = (InitRunspacePool) codec.decode(messages.get(1));
        assertThat(init.minRunspaces()).isEqualTo(1);
        assertThat(init.maxRunspaces()).isEqualTo(3);
        assertThat(messages.get(2).pipelineId()).isEqualTo(PID);
        CreatePipeline cp = (CreatePipeline) codec.decode(messages.get(2));
        assertThat(cp.powerShell().statements()).hasSize(2);
        List<Command> first = cp.powerShell().statements().get(0);
        assertThat(first).extracting(Command::text).containsExactly("Get-Item", "Select-Object");
        assertThat(first.get(0).parameters()).containsExactly(CommandParameter.named("Path",
                PsValue.of("C:\\temp_x41_")), CommandParameter.positional(PsValue.of(42)));
        Command script = cp.powerShell().statements().get(1).get(0);
        assertThat(script.isScript()).isTrue();
        assertThat(script.text()).isEqualTo("echo 'hi'\r\n");
    }

    @Test
    void whatThisServerWritesDecodesInPsrpcore() throws Exception {
        Fragmenter fragmenter = new Fragmenter(100); // small fragments: every message spans several
        StringBuilder input = new StringBuilder();
        PsObject table = PsObject.builder().container(new PsDictionary(List.of(new PsDictionary.Entry(
                new PsString("PSRemotingProtocolVersion"), PsVersion.of(2, 3))))).build();
        PsObject privateData = PsObject.builder().typeNames(List.of(
                "System.Management.Automation.PSPrimitiveDictionary", "System.Collections.Hashtable", "System.Object"))
                .container(new PsDictionary(List.of(new PsDictionary.Entry(new PsString("PSVersionTable"), table))))
                .build();
        send(input, fragmenter, "pool", codec.toMessage(SessionCapability.WINDOWS_POWERSHELL_5_1, Destination.CLIENT,
                DotNetGuid.NIL, DotNetGuid.NIL));
        send(input, fragmenter, "pool", server(new ApplicationPrivateData(privateData), DotNetGuid.NIL));
        send(input, fragmenter, "pool", server(RunspacePoolStateMessage.of(2), DotNetGuid.NIL));
        send(input, fragmenter, "pipeline", server(new PipelineOutput(PsValue.of(TRICKY)), PID));
        send(input, fragmenter, "pipeline", server(ErrorRecordMessage.of(ErrorRecord.of("boom _x000A_",
                "MyErr", ErrorCategory.INVALID_OPERATION)), PID));
        send(input, fragmenter, "pipeline", server(InformationalMessage.of(new InformationalRecord(
                InformationalRecord.Kind.WARNING, "careful")), PID));
        send(input, fragmenter, "pipeline", server(PipelineStateMessage.of(4), PID));

        Result r = script("server", input.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> events = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            String[] parts = line.split(" ", -1);
            events.add(parts[0] + "=" + new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        }
        assertThat(events).containsExactly("SessionCapabilityEvent=2.3", "ApplicationPrivateDataEvent=2.3",
                "RunspacePoolStateEvent=2", "PipelineOutputEvent=" + TRICKY, "ErrorRecordEvent=MyErr\nboom _x000A_",
                "WarningRecordEvent=careful", "PipelineStateEvent=4",
                "final=RunspacePoolState.Opened PSInvocationState.Completed");
    }

    private PsrpMessage server(MessageBody body, UUID pid) {
        return codec.toMessage(body, RPID, pid);
    }

    private static void send(StringBuilder input, Fragmenter fragmenter, String target, PsrpMessage m) {
        input.append(target).append(' ')
                .append(Base64.getEncoder().encodeToString(fragmenter.fragmentToBytes(PsrpMessageCodec.encode(m))))
                .append('\n');
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result script(String mode, String stdin) throws Exception {
        Path script = Path.of(PsrpcoreCrossCheckTest.class.getResource("/psrpcore/crosscheck.py").toURI());
        return python(List.of(script.toString(), mode, RPID.toString(), PID.toString()), stdin);
    }

    private static Result python(List<String> args, String stdin) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("python3");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        if (!pythonPath.isEmpty()) {
            pb.environment().put("PYTHONPATH", pythonPath);
        }
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "", "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err,
                StandardCharsets.UTF_8));
    }
}
