package io.openwinrm.server.psrp.restricted;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.access.Subject;
import io.openwinrm.policy.restrict.RoleMerger;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.audit.AuditRecord;
import io.openwinrm.server.audit.TranscriptFiles;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.psrp.engine.EngineContext;
import io.openwinrm.server.shell.ShellContext;
import io.openwinrm.server.testing.JdkProcessLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AuditedRestrictedAuditTest {

    @Test
    void commandsGoToTheAuditLogAndTheTranscript() {
        List<AuditRecord> records = new CopyOnWriteArrayList<>();
        StringBuilder transcript = new StringBuilder();
        TranscriptFiles files = (dir, shell) -> Optional.of(new TranscriptFiles.TranscriptFile() {
            @Override
            public void write(String text) {
                transcript.append(text);
            }

            @Override
            public void close() {
                transcript.append("<closed>");
            }
        });
        Endpoint endpoint = new Endpoint("jea", "test", Endpoint.uris("jea"), EndpointKind.RESTRICTED,
                AccessList.DEFAULT, new RunAs.Caller(), ResourceLimits.NONE, Optional.of(Path.of("/var/log/t")),
                RoleDefinitions.NONE, Map.of());
        ShellContext shell = new ShellContext(endpoint, new Caller("alice", Optional.empty(),
                new Subject("alice", Set.of(), false)), Optional.empty(), Sandbox.NONE,
                Optional.of(RoleMerger.merge(List.of())), List.of("ops"), () -> { }, "192.0.2.1");
        EngineContext context = new EngineContext(UUID.randomUUID(), shell, new JdkProcessLauncher(), 32768);
        UUID pipeline = UUID.randomUUID();
        AuditedRestrictedAudit audit = new AuditedRestrictedAudit(records::add, "openwinrm", files);

        audit.poolOpened(context);
        audit.commandStarted(context, pipeline, List.of("/usr/bin/id", "-u"));
        audit.commandEnded(context, pipeline, List.of("/usr/bin/id", "-u"), 0, 0, 5, Duration.ofMillis(3), "exited");
        audit.commandRefused(context, pipeline, List.of("rm", "-rf", "/"), "program allowlist", "not allowed");
        audit.poolClosed(context);

        assertThat(records).hasSize(2);
        assertThat(records.get(0).toJson()).contains("\"argv\":[\"/usr/bin/id\",\"-u\"]", "\"decision\":\"allowed\"",
                "\"exit_code\":0", "\"roles\":[\"ops\"]", "\"user\":\"alice\"", "\"run_as\":\"openwinrm\"");
        assertThat(records.get(1).toJson()).contains("\"decision\":\"refused\"",
                "\"reason\":\"program allowlist: not allowed\"");
        assertThat(transcript.toString()).contains("User: alice", "Roles: ops", "/usr/bin/id -u",
                "REFUSED rm -rf / (program allowlist: not allowed)", "transcript end").endsWith("<closed>");
    }
}
