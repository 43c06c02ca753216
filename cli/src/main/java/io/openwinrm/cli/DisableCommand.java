package io.openwinrm.cli;

import io.openwinrm.cli.setup.DisablePlan;
import io.openwinrm.cli.setup.Host;
import io.openwinrm.cli.setup.SetupException;
import io.openwinrm.cli.setup.SetupRun;
import io.openwinrm.cli.setup.Target;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code openwinrm disable}: undoes {@code enable} (the Disable-PSRemoting analog). */
@Command(name = "disable", mixinStandardHelpOptions = true,
        description = {"Undo 'openwinrm enable': stop and disable openwinrm.service, remove its unit, delete the "
                + "nftables table 'inet openwinrm' and its file.",
                "Configuration, accounts and certificate are kept unless --purge; files without the "
                + "'managed by openwinrm enable' marker are never removed."})
final class DisableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "State directory (as for enable).")
    Path home;

    @Option(names = "--root", paramLabel = "DIR", description = "Work below DIR and make no live system change.")
    Path root;

    @Option(names = "--dry-run", description = "Change nothing; print what would be removed.")
    boolean dryRun;

    @Option(names = "--purge", description = "Also delete the configuration, the account store and the TLS "
            + "certificate and key.")
    boolean purge;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            SetupRun.run(new DisablePlan(EnableCommand.home(home, root), new Target(root), purge, Host.live()).steps(),
                    dryRun, out);
        } catch (SetupException e) {
            out.flush();
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        return ExitCodes.OK;
    }
}
