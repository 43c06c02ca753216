package io.openwinrm.interop;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link PypsrpPowerShellInteropTest} against a real PowerShell 7 ({@code pwsh} found where {@code enable} looks),
 * skipped with the reason where none is installed. The stand-in's robustness commands are skipped.
 */
class PypsrpRealPwshInteropTest extends PypsrpPowerShellInteropTest {

    @Override
    String pwsh(String python, Path work) {
        Path found = realPwsh().orElse(null);
        if (found == null) {
            String message = "PowerShell 7 (pwsh) is not installed on this host: the bridge was tested with the "
                    + "psrpcore stand-in only";
            System.out.println("SKIPPED " + getClass().getSimpleName() + ": " + message);
            Assumptions.abort(message);
        }
        return found.toString();
    }

    @Override
    boolean standIn() {
        return false;
    }
}
