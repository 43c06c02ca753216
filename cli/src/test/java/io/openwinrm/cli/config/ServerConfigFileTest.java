package io.openwinrm.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.cli.logging.LogFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigFileTest {

    /** Every section comes from the one reading: a file rewritten afterwards changes nothing of the snapshot. */
    @Test
    void sectionsComeFromOneReading(@TempDir Path home) throws Exception {
        Path file = home.resolve("openwinrm.toml");
        Files.writeString(file, "[security]\nprivilege_separation = \"off\"\n[log]\nformat = \"json\"\n"
                + "[metrics]\nlisten = \"127.0.0.1:9985\"\n");
        ServerConfigFile snapshot = ServerConfigFile.read(file, home);
        Files.writeString(file, "[security]\nprivilege_separation = \"on\"\n");
        assertThat(snapshot.security().privilegeSeparation()).isEqualTo("off");
        assertThat(snapshot.log().format()).isEqualTo(LogFormat.JSON);
        assertThat(snapshot.metrics(snapshot.server().listeners())).isPresent();
        assertThat(ServerConfigFile.read(file, home).security().privilegeSeparation()).isEqualTo("on");
    }

    /**
     * No file is an empty file: the documented defaults, including those that depend on the process (Basic passwords
     * through PAM and then the store as root; before the one reading, a missing file as root meant the store only).
     */
    @Test
    void anAbsentFileIsAnEmptyOne(@TempDir Path home) throws Exception {
        ServerConfigFile none = ServerConfigFile.read(home.resolve("missing.toml"), home);
        assertThat(none.server()).isEqualTo(ServerConfigFile.of("", "empty", home).server());
        assertThat(none.server().auth().passwordSource()).isEqualTo(io.openwinrm.common.ProcessUser.isRoot()
                ? io.openwinrm.server.config.PasswordSource.BOTH : io.openwinrm.server.config.PasswordSource.STORE);
        assertThat(none.server().listeners()).isEqualTo(ServerConfigLoader.defaults(home).listeners());
        assertThat(none.security()).isEqualTo(SecuritySettings.defaults(home));
        assertThat(none.log().file()).isEmpty();
        assertThat(none.metrics(none.server().listeners())).isEmpty();
    }

    /** A bad key in any section fails the whole reading, whichever section the caller wanted. */
    @Test
    void everySectionIsCheckedOnRead(@TempDir Path home) throws Exception {
        Path file = Files.writeString(home.resolve("bad.toml"), "[log]\nformat = \"text\"\n[winrs]\nbogus = 1\n");
        assertThatThrownBy(() -> ServerConfigFile.read(file, home)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bogus");
    }
}
