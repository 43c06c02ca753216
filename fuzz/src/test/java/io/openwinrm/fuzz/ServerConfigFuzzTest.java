package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
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

    @DictionaryEntries({"\\u0000", "\\U0001F600", "\\\\", "\"\"\"", "'''", "[[", "]]", " = ", "\n[", "true", "-1",
            "9223372036854775808", "1e400", "inf", "nan", "1979-05-27T07:32:00Z", "{ a = 1 }", "[]", "\r\n", "#"})
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
