package io.openwinrm.server.psrp.restricted;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.server.testing.JdkProcessLauncher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * pypsrp 0.9.1's own message classes against the restricted engine: the SESSION_CAPABILITY, INIT_RUNSPACEPOOL and
 * CREATE_PIPELINE (named list parameter, a switch as pypsrp sends it, {@code <Nil N="V" />}, an integer) that pypsrp
 * writes are accepted, and every message the engine answers with unpacks in pypsrp. Skipped, with the reason,
 * unless {@code python3} can import pypsrp; point {@code PYPSRP_PATH} (or {@code -Dpypsrp.path}) at a
 * {@code pip install --target} directory.
 */
@Timeout(60)
class PypsrpCodecCrossCheckTest {

    @TempDir
    Path dir;

    @Test
    void pypsrpMessagesInAndOut() throws Exception {
        String path = System.getProperty("pypsrp.path", System.getenv().getOrDefault("PYPSRP_PATH", ""));
        Assumptions.assumeTrue(PythonModules.importable("pypsrp.messages", path), "pypsrp cross-check skipped: python3 cannot import pypsrp (set "
                + "PYPSRP_PATH to a 'pip install --target' dir of pypsrp==0.9.1)");
        Path script = dir.resolve("pypsrp_codec.py");
        try (var in = getClass().getResourceAsStream("/psrp-clients/pypsrp_codec.py")) {
            Files.write(script, in.readAllBytes());
        }
        String role = """
                [[command]]
                program = "%s"
                any_arguments = true
                """.formatted(RestrictedRunspacePoolTest.program("cat"));
        try (EngineHarness h = new EngineHarness(role, new JdkProcessLauncher())) {
            UUID pid = UUID.randomUUID();
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), h.poolId.toString(),
                    pid.toString());
            pb.environment().put("PYTHONPATH", path);
            pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.txt").toFile()));
            Process python = pb.start();
            List<String> decoded = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                    StandardCharsets.UTF_8)); Writer in = new OutputStreamWriter(python.getOutputStream(),
                    StandardCharsets.UTF_8)) {
                List<byte[]> sent = new ArrayList<>();
                String line;
                while ((line = out.readLine()) != null && !line.equals("--")) {
                    sent.add(Base64.getDecoder().decode(line));
                }
                assertThat(sent).as("stderr: %s", Files.readString(dir.resolve("stderr.txt"))).hasSize(3);
                h.engine.poolInput(h.fragmenter.fragmentToBytes(sent.get(0)));
                h.engine.poolInput(h.fragmenter.fragmentToBytes(sent.get(1)));
                h.output.awaitPool(3);
                h.engine.createPipeline(pid, h.fragmenter.fragmentToBytes(sent.get(2)));
                h.output.awaitDone(pid);
                List<PsrpMessage> answers = new ArrayList<>(h.output.poolMessages());
                answers.addAll(h.output.pipelineMessages(pid));
                for (PsrpMessage m : answers) {
                    in.write(Base64.getEncoder().encodeToString(PsrpMessageCodec.encode(m)) + "\n");
                }
                in.close();
                while ((line = out.readLine()) != null) {
                    decoded.add(line);
                }
            } finally {
                python.waitFor(20, TimeUnit.SECONDS);
                python.destroy();
            }
            assertThat(decoded).as("stderr: %s", Files.readString(dir.resolve("stderr.txt"))).containsExactly(
                    "SessionCapability 2.3", "ApplicationPrivateData 2.3", "RunspacePoolStateMessage 2",
                    "PipelineOutput " + RestrictedRunspacePoolTest.program("cat"), "PipelineState 4");
        }
    }
}
