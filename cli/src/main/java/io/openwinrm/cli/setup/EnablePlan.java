package io.openwinrm.cli.setup;

import io.openwinrm.cli.StateDirectory;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.config.ServerConfigLoader;
import io.openwinrm.cli.endpoint.DefaultEndpoints;
import io.openwinrm.common.AtomicFiles;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.transport.tls.SelfSignedCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The steps of {@code openwinrm enable} (Enable-PSRemoting): state directory and configuration, account store,
 * certificate, OS group, default endpoints, systemd unit, nftables rules. Built from {@link EnableOptions} and the
 * configuration that will be in effect, then run by {@link SetupRun}.
 */
public final class EnablePlan {

    /** The OS group whose members may use the default endpoints (the "Remote Management Users" analog). */
    public static final String GROUP = "winrm-remote-management";
    /** The unprivileged account of the network service (privilege separation). */
    public static final String SERVICE_ACCOUNT = "openwinrm";
    public static final String NFT_FILE = "openwinrm.nft";
    public static final String ENDPOINTS_DIR = "endpoints";
    private static final String ACCOUNTS_HEADER = "# OpenWinRM accounts; manage with 'openwinrm user'. Keep this file "
            + "private (mode 0600).\nopenwinrm-accounts 1\n";

    private final EnableOptions o;
    private final Host host;
    private final ManagedFile configFile;
    private final ServerConfig effective;
    private final ManagedFile unitFile;
    private final ManagedFile nftFile;
    private final ManagedFile pamFile;
    private boolean nftFileChanged;
    private boolean unitChanged;

    private EnablePlan(EnableOptions o, Host host, ManagedFile configFile, ServerConfig effective) {
        this.o = o;
        this.host = host;
        this.configFile = configFile;
        this.effective = effective;
        this.unitFile = new ManagedFile(o.target().physical(SystemdUnit.PATH), SystemdUnit.render(o.execStart()),
                false);
        List<Integer> ports = effective.listeners().stream().map(ListenerSettings::port).filter(p -> p > 0).toList();
        this.nftFile = new ManagedFile(physical(o.home().resolve(NFT_FILE)),
                FirewallRules.render(ports, o.allowedNetworks()), false);
        this.pamFile = new ManagedFile(o.target().physical(PamService.PATH), PamService.render(), false);
    }

    /**
     * Plans the run: the configuration to write, and the one in effect afterwards (an existing file without the
     * marker is kept and used).
     *
     * @throws SetupException if a kept configuration file is invalid
     */
    public static EnablePlan of(EnableOptions o, Host host) throws SetupException {
        Path configPath = o.target().physical(o.home().resolve(StateDirectory.CONFIG_FILE));
        String why = o.allowedNetworks() == null
                ? "every address (--all-networks, or a private or domain network)"
                : "public network: only the local subnets and loopback (openwinrm enable --all-networks to open)";
        ManagedFile config = new ManagedFile(configPath, ConfigTemplate.render(o.allowedNetworks(), why), false);
        String text = config.content();
        try {
            if (Files.exists(configPath)) {
                String current = Files.readString(configPath, StandardCharsets.UTF_8);
                if (!current.contains(ManagedFile.MARKER)) {
                    text = current;
                }
            }
            ServerConfig effective = ServerConfigLoader.parse(text, configPath.toString(), o.home());
            return new EnablePlan(o, host, config, effective);
        } catch (IOException e) {
            throw new SetupException("cannot read " + configPath + ": " + e.getMessage(), e);
        } catch (ConfigException e) {
            throw new SetupException(e.getMessage() + " (fix it or remove it, then run enable again)", e);
        }
    }

    /** The configuration in effect after the run (paths as the configured system sees them). */
    public ServerConfig effectiveConfig() {
        return effective;
    }

    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        steps.add((dry, changed) -> stateDirectory(dry));
        steps.add((dry, changed) -> configFile.sync(dry));
        steps.add((dry, changed) -> accounts(dry));
        if (effective.listeners().stream().anyMatch(ListenerSettings::https)) {
            steps.add((dry, changed) -> certificate(dry));
        }
        steps.add((dry, changed) -> group(dry));
        steps.add((dry, changed) -> serviceAccount(dry));
        steps.add((dry, changed) -> pamFile.sync(dry));
        steps.add((dry, changed) -> endpoints(dry));
        steps.add((dry, changed) -> unitFile(dry));
        steps.add(this::service);
        steps.add((dry, changed) -> firewallFile(dry));
        steps.add((dry, changed) -> firewallRules(dry));
        return steps;
    }

    private Path physical(Path logical) {
        return o.target().physical(logical);
    }

    private StepResult stateDirectory(boolean dry) throws SetupException {
        Path dir = physical(o.home());
        if (Files.isDirectory(dir)) {
            return StepResult.of(StepStatus.UNCHANGED, dir + "/");
        }
        if (!dry) {
            try {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException | UnsupportedOperationException e) {
                throw new SetupException("cannot create " + dir + ": " + e.getMessage(), e);
            }
        }
        return new StepResult(StepStatus.CREATED, null, dir + "/", "directory, mode 0700");
    }

    private StepResult accounts(boolean dry) throws SetupException {
        Path file = physical(effective.accountsFile());
        try {
            if (Files.exists(file)) {
                if (ManagedFile.hasMode(file, true)) {
                    return StepResult.of(StepStatus.UNCHANGED, file.toString());
                }
                if (!dry) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
                return new StepResult(StepStatus.CHANGED, null, file.toString(), "mode set to 0600");
            }
            if (!dry) {
                AtomicFiles.write(file, ACCOUNTS_HEADER.getBytes(StandardCharsets.UTF_8), true);
            }
            return new StepResult(StepStatus.CREATED, null, file.toString(),
                    "empty account store, mode 0600 (add accounts with 'openwinrm user add NAME')");
        } catch (IOException e) {
            throw new SetupException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private StepResult certificate(boolean dry) throws SetupException {
        Path cert = physical(effective.certificateFile());
        Path key = physical(effective.privateKeyFile());
        String what = cert + " + " + key.getFileName();
        try {
            if (o.certificate() != null) {
                TlsFiles.verifyPair(o.certificate(), o.privateKey());
                byte[] c = Files.readAllBytes(o.certificate());
                byte[] k = Files.readAllBytes(o.privateKey());
                boolean present = Files.exists(cert) && Files.exists(key);
                if (present && Arrays.equals(c, Files.readAllBytes(cert)) && Arrays.equals(k, Files.readAllBytes(key))) {
                    return StepResult.of(StepStatus.UNCHANGED, what);
                }
                if (!dry) {
                    AtomicFiles.write(key, k, true);
                    AtomicFiles.write(cert, c, false);
                }
                return new StepResult(present ? StepStatus.CHANGED : StepStatus.CREATED, null, what,
                        "from " + o.certificate() + " and " + o.privateKey());
            }
            boolean hasCert = Files.exists(cert);
            boolean hasKey = Files.exists(key);
            if (hasCert && hasKey) {
                return StepResult.of(StepStatus.UNCHANGED, what);
            }
            if (hasCert || hasKey) {
                throw new SetupException("only one of " + cert + " and " + key + " exists: restore the other or "
                        + "remove both to get a new self-signed certificate");
            }
            if (!dry) {
                SelfSignedCertificates.generate(o.hostName()).write(cert, key);
            }
            return new StepResult(StepStatus.CREATED, null, what + " (self-signed for " + o.hostName() + ")",
                    "a new self-signed certificate for " + o.hostName() + ", key mode 0600");
        } catch (IOException e) {
            throw new SetupException("certificate: " + e.getMessage(), e);
        }
    }

    private StepResult group(boolean dry) throws SetupException {
        String what = "group " + GROUP;
        if (!o.target().live()) {
            return StepResult.skipped(Target.NOT_LIVE, what);
        }
        if (host.run(List.of("getent", "group", GROUP)).ok()) {
            return StepResult.of(StepStatus.UNCHANGED, what);
        }
        if (!dry) {
            Host.Result r = host.run(List.of("groupadd", "--system", GROUP));
            if (!r.ok()) {
                throw new SetupException("groupadd " + GROUP + " failed: " + r.output());
            }
        }
        return StepResult.of(StepStatus.CREATED, what);
    }

    /**
     * The unprivileged system account the network service runs as under privilege separation (Windows' Network
     * Service): no login, no home, a group of its own.
     */
    private StepResult serviceAccount(boolean dry) throws SetupException {
        String what = "system account " + SERVICE_ACCOUNT + " (the network service)";
        if (!o.target().live()) {
            return StepResult.skipped(Target.NOT_LIVE, what);
        }
        if (host.run(List.of("getent", "passwd", SERVICE_ACCOUNT)).ok()) {
            return StepResult.of(StepStatus.UNCHANGED, what);
        }
        if (!dry) {
            Host.Result r = host.run(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", "--user-group", "--comment", "OpenWinRM network service",
                    SERVICE_ACCOUNT));
            if (!r.ok()) {
                throw new SetupException("useradd " + SERVICE_ACCOUNT + " failed: " + r.output());
            }
        }
        return StepResult.of(StepStatus.CREATED, what);
    }

    private StepResult endpoints(boolean dry) throws SetupException {
        Path dir = physical(o.home().resolve(ENDPOINTS_DIR));
        List<String> lines;
        try {
            lines = DefaultEndpoints.write(dir, dry);
        } catch (IOException e) {
            throw new SetupException("default endpoints in " + dir + ": " + e.getMessage(), e);
        }
        boolean created = lines.stream().anyMatch(l -> !l.startsWith("unchanged") && !l.startsWith("skipped"));
        return new StepResult(created ? StepStatus.CREATED : StepStatus.UNCHANGED, null,
                dir + "/ (default endpoints)", String.join("\n", lines));
    }

    private StepResult unitFile(boolean dry) throws SetupException {
        if (!o.systemd()) {
            return StepResult.skipped("--no-systemd", unitFile.path().toString());
        }
        StepResult r = unitFile.sync(dry);
        unitChanged = r.status().isChange();
        return r;
    }

    private StepResult service(boolean dry, boolean changedSoFar) throws SetupException {
        String what = "service " + SystemdUnit.NAME;
        if (!o.systemd()) {
            return StepResult.skipped("--no-systemd", what);
        }
        if (!o.target().live()) {
            return StepResult.skipped(Target.NOT_LIVE, what);
        }
        if (!host.systemdRunning()) {
            return StepResult.skipped("systemd is not running", what);
        }
        boolean enabled = host.run(List.of("systemctl", "is-enabled", "--quiet", SystemdUnit.NAME)).ok();
        boolean active = host.run(List.of("systemctl", "is-active", "--quiet", SystemdUnit.NAME)).ok();
        if (enabled && active && !changedSoFar) {
            return StepResult.of(StepStatus.UNCHANGED, what + " (enabled, running)");
        }
        String action = !enabled || !active ? "enabled and started" : "restarted for the new settings";
        if (!dry) {
            if (unitChanged) {
                systemctl("daemon-reload");
            }
            if (!enabled || !active) {
                systemctl("enable", "--now", SystemdUnit.NAME);
            } else {
                systemctl("restart", SystemdUnit.NAME);
            }
        }
        return StepResult.of(StepStatus.CHANGED, what + " (" + action + ")");
    }

    private void systemctl(String... args) throws SetupException {
        List<String> argv = new ArrayList<>(List.of("systemctl"));
        argv.addAll(List.of(args));
        Host.Result r = host.run(argv);
        if (!r.ok()) {
            throw new SetupException(String.join(" ", argv) + " failed: " + r.output());
        }
    }

    private StepResult firewallFile(boolean dry) throws SetupException {
        if (!o.firewall()) {
            return StepResult.skipped("--no-firewall", nftFile.path().toString());
        }
        StepResult r = nftFile.sync(dry);
        nftFileChanged = r.status().isChange();
        return r;
    }

    private StepResult firewallRules(boolean dry) throws SetupException {
        String what = "nftables table inet " + FirewallRules.TABLE;
        if (!o.firewall()) {
            return StepResult.skipped("--no-firewall", what);
        }
        if (!o.target().live()) {
            return StepResult.skipped(Target.NOT_LIVE, what);
        }
        if (!host.hasCommand("nft")) {
            return StepResult.skipped("nft is not installed", what);
        }
        boolean loaded = host.run(List.of("nft", "list", "table", "inet", FirewallRules.TABLE)).ok();
        if (loaded && !nftFileChanged) {
            return StepResult.of(StepStatus.UNCHANGED, what);
        }
        if (!dry) {
            Host.Result r = host.run(List.of("nft", "-f", nftFile.path().toString()));
            if (!r.ok()) {
                throw new SetupException("nft -f " + nftFile.path() + " failed: " + r.output());
            }
        }
        return StepResult.of(loaded ? StepStatus.CHANGED : StepStatus.CREATED, what);
    }
}
