package io.openwinrm.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrincipalMapFileTest {

    @Test
    void realmUsersMapToTheirNameInstancesAndOtherRealmsOnlyExplicitly() {
        PrincipalMapper m = new PrincipalMapper(Set.of("EXAMPLE.COM"), Map.of("bob@OTHER.ORG", "robert",
                "alice/admin@EXAMPLE.COM", "root"));
        assertThat(m.account("alice@EXAMPLE.COM")).contains("alice");
        assertThat(m.account("alice@example.com")).as("realms compare exactly").isEmpty();
        assertThat(m.account("alice@OTHER.ORG")).isEmpty();
        assertThat(m.account("bob@OTHER.ORG")).contains("robert");
        assertThat(m.account("HTTP/host@EXAMPLE.COM")).isEmpty();
        assertThat(m.account("alice/admin@EXAMPLE.COM")).contains("root");
        assertThat(m.account("@EXAMPLE.COM")).isEmpty();
        assertThat(m.account("alice@")).isEmpty();
        assertThat(m.account("a@b@EXAMPLE.COM")).isEmpty();
    }

    @Test
    void mapAndUnmapRewriteTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("principal-mappings");
        PrincipalMapFile.map(file, "bob@OTHER.ORG", "robert");
        PrincipalMapFile.map(file, "carol@OTHER.ORG", "robert");
        PrincipalMapFile.map(file, "bob@OTHER.ORG", "bobby");
        assertThat(PrincipalMapFile.read(file)).containsExactly(Map.entry("bob@OTHER.ORG", "bobby"),
                Map.entry("carol@OTHER.ORG", "robert"));
        assertThat(PrincipalMapFile.unmap(file, "robert")).isEqualTo(1);
        assertThat(PrincipalMapFile.unmap(file, "nobody")).isZero();
        assertThat(PrincipalMapFile.read(file)).containsOnlyKeys("bob@OTHER.ORG");
        assertThatThrownBy(() -> PrincipalMapFile.map(file, "no-realm", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRunningServerFollowsEditsAndKeepsTheLastGoodOnesOnABrokenEdit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("principal-mappings");
        AtomicLong now = new AtomicLong();
        Supplier<PrincipalMapper> watched = PrincipalMapFile.watch(file, Set.of("EXAMPLE.COM"), now::get);
        assertThat(watched.get().account("bob@OTHER.ORG")).isEmpty();
        PrincipalMapFile.map(file, "bob@OTHER.ORG", "robert");
        assertThat(watched.get().account("bob@OTHER.ORG")).as("not before a second has passed").isEmpty();
        now.addAndGet(1_000_000_000L);
        assertThat(watched.get().account("bob@OTHER.ORG")).contains("robert");
        Files.writeString(file, "this line is broken\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        now.addAndGet(1_000_000_000L);
        assertThat(watched.get().account("bob@OTHER.ORG")).contains("robert");
        Files.delete(file);
        now.addAndGet(1_000_000_000L);
        assertThat(watched.get().account("bob@OTHER.ORG")).as("a removed file is no mappings").isEqualTo(
                Optional.empty());
    }
}
