package io.openwinrm.cli.endpoint;

import io.openwinrm.common.AtomicFiles;
import io.openwinrm.server.endpoint.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints {@code openwinrm enable} registers, as Enable-PSRemoting registers microsoft.powershell and friends:
 * {@code cmd} (the default, WinRS cmd shell semantics), {@code login} (the stateful login shell) and, when PowerShell 7
 * is installed ({@code pwsh} found, {@link PowerShellAvailability}), {@code Microsoft.PowerShell}; all for
 * administrators and {@code winrm-remote-management} only.
 */
public final class DefaultEndpoints {

    private DefaultEndpoints() {
    }

    /**
     * Writes the default endpoint files that are missing; existing files are kept as they are (they may have been
     * widened on purpose).
     *
     * @param endpointsDir the {@code endpoints} directory of the state directory
     * @param dryRun       report only
     * @return one line per endpoint: {@code created <file>} or {@code unchanged <file>} (with "would be" in a dry run)
     */
    public static List<String> write(Path endpointsDir, boolean dryRun) throws IOException {
        return write(endpointsDir, dryRun, PowerShellAvailability.find());
    }

    /**
     * As {@link #write(Path, boolean)}, with {@code pwsh} the PowerShell found on this host (empty: none, and
     * {@code Microsoft.PowerShell} is skipped with the reason).
     */
    public static List<String> write(Path endpointsDir, boolean dryRun, Optional<Path> pwsh) throws IOException {
        List<String> report = new ArrayList<>();
        Path home = endpointsDir.toAbsolutePath().getParent();
        List<Endpoint> defaults = new ArrayList<>(List.of(Endpoint.defaultShell(), Endpoint.defaultLogin()));
        if (pwsh.isPresent()) {
            defaults.add(Endpoint.defaultPowerShell(pwsh));
        } else {
            report.add("skipped  " + Endpoint.POWERSHELL_NAME + ": pwsh (PowerShell 7) is not installed; "
                    + PowerShellAvailability.INSTALL_HINT);
        }
        for (Endpoint e : defaults) {
            Path file = endpointsDir.resolve(e.name() + ".toml");
            if (Files.exists(file)) {
                report.add("unchanged  " + file);
                continue;
            }
            if (!dryRun) {
                Files.createDirectories(endpointsDir);
                AtomicFiles.write(file, EndpointFile.format(e, home).getBytes(StandardCharsets.UTF_8), false);
            }
            report.add((dryRun ? "would create  " : "created  ") + file);
        }
        return report;
    }
}
