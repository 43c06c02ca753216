package io.openwinrm.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.access.Subject;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.shell.ShellContext;
import io.openwinrm.server.shell.ShellListener;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.shell.ShellSpec;
import io.openwinrm.server.testing.FakeLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ShellIds are unique per owner only (issue 9): two users' shells with the same ShellId must keep separate audit
 * records and separate transcripts.
 */
class SameShellIdRecordsTest {

    private static int ownUid() throws java.io.IOException {
        return (Integer) Files.getAttribute(Path.of(System.getProperty("user.home")), "unix:uid");
    }

    private static final String ID = "5A3E1D00-0000-4000-8000-000000000042";

    @Test
    void twoOwnersShellsWithOneShellIdKeepTheirOwnAuditRecordsAndTranscripts() throws Exception {
        // not under /tmp: transcripts are written only where nobody but the owner may write (TranscriptDirectory)
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("user.home")), "transcripts-test-");
        try {
            check(dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void check(Path dir) throws Exception {
        Endpoint recorded = new Endpoint("rec", "rec", Endpoint.uris("rec"), EndpointKind.SHELL, AccessList.DEFAULT,
                new RunAs.Caller(), ResourceLimits.NONE, Optional.of(dir), RoleDefinitions.NONE, Map.of());
        List<AuditRecord> audit = new CopyOnWriteArrayList<>();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        try (ShellManager manager = ShellManager.builder(new FakeLauncher(), scheduler)
                .limits(ShellLimits.DEFAULTS)
                .listener(ShellListener.all(List.of(new AuditTrail(audit::add, "server"), new Transcripts("server", ownUid()))))
                .build()) {
            for (String owner : List.of("alice", "bob")) {
                manager.create(new ShellContext(recorded, new Caller(owner, Optional.empty(),
                        new Subject(owner, Set.of(), false)), Optional.empty(), Sandbox.NONE, Optional.empty(),
                        List.of(), () -> { }, "127.0.0.1"), ShellSpec.defaults().withShellId(ID));
            }
            manager.delete("bob", ID);
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(audit).filteredOn(r -> r.shellId() != null).extracting(r -> r.user() + " " + r.reason())
                .containsExactlyInAnyOrder("alice opened", "bob opened", "bob closed: deleted",
                        "alice closed: server stop");
        List<String> transcripts;
        try (Stream<Path> files = Files.list(dir)) {
            transcripts = files.map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(transcripts).hasSize(2);
        assertThat(transcripts).anySatisfy(t -> assertThat(t).contains("User: alice", "Shell: " + ID)
                .doesNotContain("User: bob"));
        assertThat(transcripts).anySatisfy(t -> assertThat(t).contains("User: bob", "Shell: " + ID, "(deleted)")
                .doesNotContain("User: alice"));
    }
}
