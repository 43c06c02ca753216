package io.openwinrm.cli.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.policy.access.Principal;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.RunAs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoint files: the format round-trips, strict errors, and a running registry reloads without a restart. */
class EndpointDirectoryTest {

    @Test
    void formatAndParseRoundTrip(@TempDir Path home) throws Exception {
        Endpoint e = Endpoint.defaultShell().withAccess(Endpoint.defaultShell().access()
                .withAllowed(java.util.List.of(new Principal.User("alice"))));
        String text = EndpointFile.format(e, home);
        Endpoint back = EndpointFile.parse("cmd", text, "cmd.toml", home, n -> {
            throw new ConfigException("no roles");
        });
        assertThat(back).isEqualTo(e);

        Endpoint transcoding = e.withTranscodeCodepage(true);
        String t = EndpointFile.format(transcoding, home);
        assertThat(t).contains("transcode_codepage = true");
        assertThat(EndpointFile.parse("cmd", t, "cmd.toml", home, n -> {
            throw new ConfigException("no roles");
        })).isEqualTo(transcoding);
    }

    @Test
    void strictAboutKeysAndValues(@TempDir Path home) {
        EndpointFile.RoleLoader none = n -> {
            throw new ConfigException(n + ": role capability file not found");
        };
        assertThatThrownBy(() -> EndpointFile.parse("x", "kind = \"shell\"\ncolour = \"red\"\n", "x.toml", home,
                none)).isInstanceOf(ConfigException.class).hasMessage("x.toml: unknown key colour");
        assertThatThrownBy(() -> EndpointFile.parse("x", "[limits]\nmax_processes = -1\n", "x.toml", home, none))
                .hasMessage("x.toml: max_processes must be a whole number from 0 to 1000000");
        assertThatThrownBy(() -> EndpointFile.parse("x", "[access]\nallow = [\"root\"]\n", "x.toml", home, none))
                .hasMessageContaining("x.toml: 'root' is not a principal");
        assertThatThrownBy(() -> EndpointFile.parse("x", "kind = \"restricted\"\n", "x.toml", home, none))
                .hasMessage("x.toml: a restricted endpoint needs at least one [[role]]");
        assertThatThrownBy(() -> EndpointFile.parse("x", "kind = \"restricted\"\n[[role]]\nprincipal = \"everyone\"\n"
                + "capabilities = [\"gone\"]\n", "x.toml", home, none)).hasMessage("gone: role capability file not found");
        assertThatThrownBy(() -> EndpointFile.parse("x", "temporary_groups = [\"adm\"]\n", "x.toml", home, none))
                .hasMessage("x.toml: temporary_groups needs run_as = \"temporary\"");
        assertThatThrownBy(() -> EndpointFile.parse("x", "run_as = \"account:\"\n", "x.toml", home, none))
                .hasMessageContaining("run-as account name");
        assertThatThrownBy(() -> EndpointFile.parse("x", "transcode_codepage = \"yes\"\n", "x.toml", home, none))
                .hasMessage("x.toml: transcode_codepage must be true or false");
    }

    @Test
    void aRunningRegistryPicksUpChangesAndKeepsTheLastGoodSet(@TempDir Path home) throws Exception {
        EndpointDirectory registry = EndpointDirectory.open(home);
        String ops = Endpoint.OPENWINRM_PREFIX + "ops";
        assertThat(registry.find(ops)).isEmpty();
        Path dir = home.resolve("endpoints");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ops.toml"), "run_as = \"account:svc\"\n");
        touch(dir.resolve("ops.toml"), 1);
        awaitReload();
        assertThat(registry.find(ops)).map(Endpoint::runAs).contains(new RunAs.Account("svc"));
        assertThat(registry.find(Endpoint.OPENWINRM_PREFIX + "cmd")).as("only the directory's files now").isEmpty();

        Files.writeString(dir.resolve("ops.toml"), "run_as = \"nobody knows\"\n");
        touch(dir.resolve("ops.toml"), 2);
        awaitReload();
        assertThat(registry.find(ops)).as("a broken edit keeps the previous set").map(Endpoint::runAs)
                .contains(new RunAs.Account("svc"));

        Files.writeString(dir.resolve("ops.toml"), "run_as = \"caller\"\n");
        touch(dir.resolve("ops.toml"), 3);
        awaitReload();
        assertThat(registry.find(ops)).map(Endpoint::runAs).contains(new RunAs.Caller());
    }

    private static void touch(Path file, int seconds) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(seconds)));
    }

    private static void awaitReload() throws InterruptedException {
        Thread.sleep(1100);
    }
}
