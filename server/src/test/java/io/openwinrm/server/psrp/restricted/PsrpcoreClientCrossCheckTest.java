package io.openwinrm.server.psrp.restricted;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.access.Subject;
import io.openwinrm.policy.restrict.RoleCapabilityFile;
import io.openwinrm.policy.restrict.RoleMerger;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.psrp.engine.EngineContext;
import io.openwinrm.server.psrp.engine.EngineOutput;
import io.openwinrm.server.psrp.engine.RunspacePoolEngine;
import io.openwinrm.server.shell.ShellContext;
import io.openwinrm.server.testing.JdkProcessLauncher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * psrpcore 0.3.1 (an independent Python implementation) as the client of the restricted engine: it opens the pool,
 * runs {@code $PSVersionTable}, Get-Command, an allowed program, a refused script and a pipeline into
 * Measure-Object, and reports what it decoded. Skipped, with the reason, unless {@code python3} can import
 * psrpcore; point {@code PSRPCORE_PATH} (or {@code -Dpsrpcore.path}) at a {@code pip install --target} directory.
 */
@Timeout(120)
class PsrpcoreClientCrossCheckTest {

    @TempDir
    Path dir;

    @Test
    void psrpcoreClientRunsTheScenarios() throws Exception {
        String path = System.getProperty("psrpcore.path", System.getenv().getOrDefault("PSRPCORE_PATH", ""));
        Assumptions.assumeTrue(PythonModules.importable("psrpcore", path), "psrpcore cross-check skipped: python3 cannot import psrpcore "
                + "(set PSRPCORE_PATH to a 'pip install --target' dir of psrpcore==0.3.1)");
        Path emit = dir.resolve("emit.sh");
        Files.writeString(emit, "#!/bin/sh\necho one\necho two\necho bad >&2\nexit 3\n");
        Files.setPosixFilePermissions(emit, PosixFilePermissions.fromString("rwx------"));
        Path script = dir.resolve("client.py");
        try (var in = getClass().getResourceAsStream("/psrp-clients/restricted_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        UUID poolId = UUID.randomUUID();
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), emit.toString(), poolId.toString());
        pb.environment().put("PYTHONPATH", path);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.txt").toFile()));
        Process python = pb.start();
        Writer toPython = new OutputStreamWriter(python.getOutputStream(), StandardCharsets.UTF_8);
        RunspacePoolEngine engine = new RestrictedEngineFactory(RestrictedAudit.NONE).open(
                new EngineContext(poolId, shell(emit), new JdkProcessLauncher(), 32 * 1024), forwardTo(toPython));
        List<String> results = new ArrayList<>();
        try (BufferedReader fromPython = new BufferedReader(new InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = fromPython.readLine()) != null && !line.equals("end")) {
                String[] parts = line.split(" ", 3);
                switch (parts[0]) {
                    case "pool" -> engine.poolInput(Base64.getDecoder().decode(parts[1]));
                    case "create" -> engine.createPipeline(UUID.fromString(parts[1]),
                            Base64.getDecoder().decode(parts[2]));
                    case "pipe" -> engine.pipelineInput(UUID.fromString(parts[1]),
                            Base64.getDecoder().decode(parts[2]));
                    case "result" -> results.add(line.substring("result ".length()));
                    default -> throw new AssertionError("unexpected line from the client: " + line);
                }
            }
        } finally {
            engine.close();
            python.destroy();
            python.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(results).as("client stderr: %s", Files.readString(dir.resolve("stderr.txt"))).hasSize(6);
        assertThat(results.get(0)).contains("\"state\": \"Opened\"", "\"output\": [\"2.3\"]");
        assertThat(results.get(1)).contains("\"state\": \"Completed\"", "\"output\": [\"5.1\"]");
        assertThat(results.get(2)).contains("\"Get-Command\"", "\"emit.sh\"", "\"cat\"", "\"Select-Object\"");
        assertThat(results.get(3)).contains("\"output\": [\"one\", \"two\"]",
                "\"errors\": [\"NativeCommandError\", \"ProgramExitedWithNonZeroCode\"]");
        assertThat(results.get(4)).contains("\"state\": \"Failed\"", "\"output\": []",
                "\"errors\": [\"VariableReferenceNotAllowed\"]");
        assertThat(results.get(5)).contains("\"output\": [1]");
    }

    private static EngineOutput forwardTo(Writer toPython) {
        return new EngineOutput() {
            @Override
            public void poolOutput(byte[] fragments) {
                write("pool " + Base64.getEncoder().encodeToString(fragments));
            }

            @Override
            public void pipelineOutput(UUID pipelineId, byte[] fragments) {
                write("pipe " + pipelineId + " " + Base64.getEncoder().encodeToString(fragments));
            }

            @Override
            public void pipelineDone(UUID pipelineId) {
            }

            @Override
            public void engineEnded(String reason) {
            }

            private void write(String line) {
                synchronized (toPython) {
                    try {
                        toPython.write(line + "\n");
                        toPython.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
    }

    private ShellContext shell(Path emit) {
        String role = """
                [[command]]
                program = "%s"
                any_arguments = true
                [[command]]
                program = "%s"
                any_arguments = true
                """.formatted(emit, RestrictedRunspacePoolTest.program("cat"));
        Endpoint endpoint = new Endpoint("jea", "test", Endpoint.uris("jea"), EndpointKind.RESTRICTED,
                AccessList.DEFAULT, new RunAs.Caller(), ResourceLimits.NONE, Optional.empty(), RoleDefinitions.NONE,
                Map.of());
        return new ShellContext(endpoint, new Caller("alice", Optional.empty(), new Subject("alice", Set.of(), false)),
                Optional.empty(), Sandbox.NONE, Optional.of(RoleMerger.merge(List.of(RoleCapabilityFile.parse("t",
                        role)))), List.of("t"), () -> { }, null);
    }
}
