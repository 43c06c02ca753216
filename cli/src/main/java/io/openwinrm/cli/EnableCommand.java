package io.openwinrm.cli;

import io.openwinrm.cli.setup.EnableOptions;
import io.openwinrm.cli.setup.EnablePlan;
import io.openwinrm.cli.setup.Host;
import io.openwinrm.cli.setup.Launcher;
import io.openwinrm.cli.setup.NetworkProfile;
import io.openwinrm.cli.setup.SetupException;
import io.openwinrm.cli.setup.SetupRun;
import io.openwinrm.cli.setup.Subnet;
import io.openwinrm.cli.setup.Target;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code openwinrm enable}: the Enable-PSRemoting analog. Makes the host ready in one idempotent run; every step
 * prints one line, a second run prints only "unchanged" lines and "no changes".
 */
@Command(name = "enable", mixinStandardHelpOptions = true,
        description = {"Make this host a WinRM server in one step (like Enable-PSRemoting): configuration with HTTPS "
                + "5986 and HTTP 5985 listeners, empty account store, certificate, group winrm-remote-management, "
                + "default endpoints, systemd unit openwinrm.service and nftables table 'inet openwinrm'.",
                "On a public network (the default) only the local subnets and loopback may connect. Running it again "
                + "changes nothing; 'openwinrm disable' undoes it."})
final class EnableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "State directory as the service will use it "
            + "(default: /etc/openwinrm with --root or as root, else $OPENWINRM_HOME or ~/.openwinrm).")
    Path home;

    @Option(names = "--root", paramLabel = "DIR", description = "Write every file below DIR and make no live "
            + "system change (no systemctl, nft or groupadd): for tests and image builds.")
    Path root;

    @Option(names = "--dry-run", description = "Change nothing; print what would change (new files' content, "
            + "diffs of changed ones).")
    boolean dryRun;

    @Option(names = "--all-networks", description = "Accept clients from every network, even on a public one.")
    boolean allNetworks;

    @Option(names = "--network-profile", paramLabel = "PROFILE", defaultValue = "public",
            description = "Network category: public (default; local subnets only), private or domain (all networks).")
    NetworkProfile profile;

    @Option(names = "--certificate", paramLabel = "PEM", description = "Use this certificate (PEM chain) instead of "
            + "a self-signed one; needs --private-key.")
    Path certificate;

    @Option(names = "--private-key", paramLabel = "PEM", description = "Private key (PEM) of --certificate.")
    Path privateKey;

    @Option(names = "--no-systemd", description = "Do not install or start the systemd unit.")
    boolean noSystemd;

    @Option(names = "--no-firewall", description = "Do not write or load nftables rules (the listeners' own IP "
            + "filter still applies).")
    boolean noFirewall;

    @Override
    public Integer call() {
        if ((certificate == null) != (privateKey == null)) {
            throw new CliException(ExitCodes.USAGE, "--certificate and --private-key go together");
        }
        for (Path p : new Path[] {certificate, privateKey}) {
            if (p != null && !Files.isReadable(p)) {
                throw new CliException(ExitCodes.USAGE, "cannot read " + p);
            }
        }
        Path logicalHome = home(home, root);
        Target target = new Target(root);
        EnableOptions options = new EnableOptions(logicalHome, target, profile, allNetworks,
                certificate == null ? null : certificate.toAbsolutePath(),
                privateKey == null ? null : privateKey.toAbsolutePath(), !noSystemd, !noFirewall, Subnet.local(),
                TlsMaterial.hostName(), Launcher.execStart(logicalHome));
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (!noSystemd && root == null) {
                // a live service runs this very launcher as root; under --root the unit is for another system
                Launcher.checkTrusted();
            }
            EnablePlan plan = EnablePlan.of(options, Host.live());
            SetupRun.run(plan.steps(), dryRun, out);
        } catch (SetupException e) {
            out.flush();
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        return ExitCodes.OK;
    }

    /** The state directory as the configured system sees it. */
    static Path home(Path home, Path root) {
        if (home != null) {
            return home.toAbsolutePath().normalize();
        }
        return root != null ? Path.of("/etc/openwinrm") : StateDirectory.resolve(null).root();
    }
}
