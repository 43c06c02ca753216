package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.endpoint.EndpointFile;
import io.openwinrm.policy.restrict.RoleCapability;
import io.openwinrm.policy.restrict.RoleCapabilityFile;
import io.openwinrm.server.endpoint.Endpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An endpoint file ({@code endpoints/NAME.toml}) through {@link EndpointFile#parse}; an endpoint that parses must
 * come back equal from the text {@link EndpointFile#format} writes for it (its documented contract). Roles named in
 * {@code [[role]]} resolve to one fixed capability, any other name is a missing role.
 *
 * <p>Documented rejection: {@link ConfigException}.
 */
class EndpointFileFuzzTest {

    private static final Path HOME = Path.of("/var/lib/openwinrm");
    private static final RoleCapability ROLE = RoleCapabilityFile.parse("service-status", """
            description = "Inspect services"
            [[command]]
            program = "/usr/bin/systemctl"
            fixed = ["status"]
            """);
    private static final EndpointFile.RoleLoader ROLES = name -> {
        if (name.equals(ROLE.name())) {
            return ROLE;
        }
        throw new ConfigException("roles/" + name + ".toml: no such role");
    };

    @DictionaryFile(resourcePath = "toml.dict")
    @FuzzTest
    void endpointFile(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Endpoint endpoint;
        try {
            endpoint = EndpointFile.parse("ops", text, "endpoints/ops.toml", HOME, ROLES);
        } catch (ConfigException e) {
            Findings.requireNoBugInside(e);
            return;
        }
        String written = EndpointFile.format(endpoint, HOME);
        try {
            Endpoint again = EndpointFile.parse("ops", written, "endpoints/ops.toml", HOME, ROLES);
            if (!again.equals(endpoint)) {
                throw new AssertionError("endpoint changes when formatted and parsed again:\n" + endpoint + "\n"
                        + again + "\n" + written);
            }
        } catch (ConfigException e) {
            throw new AssertionError("the formatted endpoint file does not parse:\n" + written, e);
        }
    }
}
