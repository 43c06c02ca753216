package io.openwinrm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --home DIR} option: where server state lives. */
final class HomeOption {

    @Option(names = "--home", paramLabel = "DIR", description = "State directory (default: $OPENWINRM_HOME, "
            + "else /etc/openwinrm as root, else ~/.openwinrm).")
    Path home;

    StateDirectory resolve() {
        return StateDirectory.resolve(home);
    }
}
