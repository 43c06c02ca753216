package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.config.ServerConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code openwinrm.toml} through {@link ServerConfigLoader#parse}. Seeds: the documented example and variations.
 *
 * <p>Documented rejection: {@link ConfigException}.
 */
class ServerConfigFuzzTest {

    private static final Path HOME = Path.of("/var/lib/openwinrm");

    @DictionaryFile(resourcePath = "toml.dict")
    @FuzzTest
    void serverConfig(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            ServerConfigLoader.parse(text, "openwinrm.toml", HOME);
        } catch (ConfigException e) {
            Findings.requireNoBugInside(e);
        }
    }
}
