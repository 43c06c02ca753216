package io.openwinrm.cli.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.server.endpoint.EndpointKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enable}'s default endpoints: Microsoft.PowerShell only where pwsh is installed, else skipped with why. */
class DefaultEndpointsTest {

    @Test
    void microsoftPowerShellIsRegisteredWhenPwshIsFound(@TempDir Path home) throws Exception {
        Path dir = home.resolve("endpoints");
        List<String> report = DefaultEndpoints.write(dir, false, Optional.of(Path.of("/usr/bin/pwsh")));
        assertThat(report).anyMatch(l -> l.startsWith("created") && l.endsWith("Microsoft.PowerShell.toml"));
        String text = Files.readString(dir.resolve("Microsoft.PowerShell.toml"));
        assertThat(text).contains("kind = \"powershell\"").contains("pwsh = \"/usr/bin/pwsh\"");
        var endpoint = EndpointFile.parse("Microsoft.PowerShell", text, "Microsoft.PowerShell.toml", home,
                name -> {
                    throw new AssertionError("no roles");
                });
        assertThat(endpoint.kind()).isEqualTo(EndpointKind.POWERSHELL);
        assertThat(endpoint.pwsh()).contains(Path.of("/usr/bin/pwsh"));
        assertThat(endpoint.resourceUris()).contains("http://schemas.microsoft.com/powershell/Microsoft.PowerShell");
        assertThat(DefaultEndpoints.write(dir, false, Optional.of(Path.of("/usr/bin/pwsh"))))
                .allMatch(l -> l.startsWith("unchanged"));
    }

    @Test
    void withoutPwshItIsSkippedWithTheReason(@TempDir Path home) throws Exception {
        Path dir = home.resolve("endpoints");
        List<String> report = DefaultEndpoints.write(dir, false, Optional.empty());
        assertThat(report).anyMatch(l -> l.startsWith("skipped  Microsoft.PowerShell: pwsh (PowerShell 7) is not "
                + "installed"));
        assertThat(dir.resolve("Microsoft.PowerShell.toml")).doesNotExist();
        assertThat(dir.resolve("cmd.toml")).exists();
    }
}
