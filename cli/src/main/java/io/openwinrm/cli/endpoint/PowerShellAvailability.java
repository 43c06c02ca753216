package io.openwinrm.cli.endpoint;

import io.openwinrm.server.psrp.pwsh.PwshEngineFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether PowerShell 7 ({@code pwsh}) is installed, so that {@code enable} registers {@code Microsoft.PowerShell}, and
 * in words for {@code endpoint capabilities} when it is not.
 */
public final class PowerShellAvailability {

    /** How to install it, in the words the commands print. */
    public static final String INSTALL_HINT = "install PowerShell 7 (Debian/Ubuntu: Microsoft's packages-microsoft-prod"
            + " repository, then apt-get install powershell) and run openwinrm enable again";

    private PowerShellAvailability() {
    }

    /** The {@code pwsh} {@code enable} registers, if one is installed. */
    public static Optional<Path> find() {
        return PwshEngineFactory.find();
    }

    /** What a powershell endpoint with {@code configured} (empty: found on PATH) would run, or why it cannot. */
    public static String describe(Optional<Path> configured) {
        if (configured.isPresent()) {
            return Files.isExecutable(configured.get()) ? "pwsh -s from " + configured.get()
                    : configured.get() + " is not an executable file";
        }
        return find().map(p -> "pwsh -s from " + p).orElse("pwsh is not installed (looked in "
                + PwshEngineFactory.SEARCH_PATH + "); " + INSTALL_HINT);
    }
}
