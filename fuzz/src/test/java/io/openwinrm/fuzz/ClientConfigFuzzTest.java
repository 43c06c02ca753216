package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.cli.config.ClientConfigFile;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.client.TrustedHosts;
import java.nio.charset.StandardCharsets;

/**
 * The client settings file ({@code client.toml}) through {@link ClientConfigFile#parseTrustedHosts}; a list that
 * parses must come back unchanged from the text {@code writeTrustedHosts} writes for it.
 *
 * <p>Documented rejection: {@link ConfigException}.
 */
class ClientConfigFuzzTest {

    @DictionaryFile(resourcePath = "toml.dict")
    @FuzzTest
    void clientConfig(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        TrustedHosts hosts;
        try {
            hosts = ClientConfigFile.parseTrustedHosts(text, "client.toml");
        } catch (ConfigException e) {
            Findings.requireNoBugInside(e);
            return;
        }
        StringBuilder written = new StringBuilder("trusted_hosts = [");
        for (int i = 0; i < hosts.patterns().size(); i++) {
            written.append(i == 0 ? "" : ", ").append('"').append(hosts.patterns().get(i)).append('"');
        }
        written.append("]\n");
        try {
            TrustedHosts again = ClientConfigFile.parseTrustedHosts(written.toString(), "client.toml");
            if (!again.patterns().equals(hosts.patterns())) {
                throw new AssertionError("TrustedHosts change when written and read back: " + hosts.patterns()
                        + " -> " + again.patterns());
            }
        } catch (ConfigException e) {
            throw new AssertionError("the written TrustedHosts list does not parse: " + written, e);
        }
    }
}
