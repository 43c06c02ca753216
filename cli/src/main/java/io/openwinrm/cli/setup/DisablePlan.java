package io.openwinrm.cli.setup;

import io.openwinrm.cli.StateDirectory;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.config.ServerConfigLoader;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.endpoint.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The steps of {@code openwinrm disable} (Disable-PSRemoting): stop and disable the service, remove its unit, delete
 * the nftables table and its file. Configuration, accounts and certificate stay unless {@code purge}; the OS group
 * stays (its members may be used elsewhere).
 */
public final class DisablePlan {

    private final Path home;
    private final Target target;
    private final boolean purge;
    private final Host host;

    public DisablePlan(Path home, Target target, boolean purge, Host host) {
        this.home = home;
        this.target = target;
        this.purge = purge;
        this.host = host;
    }

    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        steps.add((dry, changed) -> service(dry));
        steps.add((dry, changed) -> unitFile(dry));
        steps.add((dry, changed) -> firewallRules(dry));
        steps.add((dry, changed) -> ManagedFile.remove(target.physical(home.resolve(EnablePlan.NFT_FILE)), dry));
        steps.add((dry, changed) -> ManagedFile.remove(target.physical(PamService.PATH), dry));
        if (purge) {
            steps.addAll(purgeSteps());
        }
        return steps;
    }

    private StepResult service(boolean dry) throws SetupException {
        String what = "service " + SystemdUnit.NAME;
        if (!target.live()) {
            return StepResult.skipped(Target.NOT_LIVE, what);
        }
        if (!host.systemdRunning()) {
            return StepResult.skipped("systemd is not running", what);
        }
        boolean enabled = host.run(List.of("systemctl", "is-enabled", "--quiet", SystemdUnit.NAME)).ok();
        boolean active = host.run(List.of("systemctl", "is-active", "--quiet", SystemdUnit.NAME)).ok();
        if (!enabled && !active) {
            return StepResult.of(StepStatus.UNCHANGED, what + " (not enabled, not running)");
        }
        if (!dry) {
            Host.Result r = host.run(List.of("systemctl", "disable", "--now", SystemdUnit.NAME));
            if (!r.ok()) {
                throw new SetupException("systemctl disable --now " + SystemdUnit.NAME + " failed: " + r.output());
            }
        }
        return StepResult.of(StepStatus.CHANGED, what + " (stopped and disabled)");
    }

    private StepResult unitFile(boolean dry) throws SetupException {
        StepResult r = ManagedFile.remove(target.physical(SystemdUnit.PATH), dry);
        if (r.status().isChange() && !dry && target.live() && host.systemdRunning()) {
            host.run(List.of("systemctl", "daemon-reload"));
        }
        return r;
    }

    private StepResult firewallRules(boolean dry) throws SetupException {
        String what = "nftables table inet " + FirewallRules.TABLE;
        if (!target.live()) {
            return StepResult.skipped(Target.NOT_LIVE, what);
        }
        if (!host.hasCommand("nft")) {
            return StepResult.skipped("nft is not installed", what);
        }
        if (!host.run(List.of("nft", "list", "table", "inet", FirewallRules.TABLE)).ok()) {
            return StepResult.of(StepStatus.UNCHANGED, what + " (absent)");
        }
        if (!dry) {
            Host.Result r = host.run(List.of("nft", "delete", "table", "inet", FirewallRules.TABLE));
            if (!r.ok()) {
                throw new SetupException("nft delete table inet " + FirewallRules.TABLE + " failed: " + r.output());
            }
        }
        return StepResult.of(StepStatus.REMOVED, what);
    }

    /**
     * --purge: the configuration (if managed), the account store, the TLS material, the default endpoint files, then
     * the directories left empty.
     */
    private List<Step> purgeSteps() {
        Path configPath = target.physical(home.resolve(StateDirectory.CONFIG_FILE));
        ServerConfig config;
        try {
            config = ServerConfigLoader.load(configPath, home);
        } catch (ConfigException e) {
            config = ServerConfigLoader.defaults(home);
        }
        List<Step> steps = new ArrayList<>();
        steps.add((dry, changed) -> ManagedFile.remove(configPath, dry));
        for (Path p : Stream.of(config.accountsFile(), config.certificateFile(), config.privateKeyFile())
                .map(target::physical).toList()) {
            steps.add((dry, changed) -> deleteFile(p, dry));
        }
        Path endpoints = target.physical(home.resolve(EnablePlan.ENDPOINTS_DIR));
        for (Endpoint e : List.of(Endpoint.defaultShell(), Endpoint.defaultLogin())) {
            steps.add((dry, changed) -> deleteFile(endpoints.resolve(e.name() + ".toml"), dry));
        }
        steps.add((dry, changed) -> deleteIfEmpty(endpoints, dry));
        steps.add((dry, changed) -> deleteIfEmpty(target.physical(home.resolve(StateDirectory.TLS_DIR)), dry));
        steps.add((dry, changed) -> deleteIfEmpty(target.physical(home), dry));
        return steps;
    }

    private static StepResult deleteFile(Path p, boolean dry) throws SetupException {
        if (!Files.exists(p)) {
            return StepResult.of(StepStatus.UNCHANGED, p + " (absent)");
        }
        if (!dry) {
            try {
                Files.delete(p);
            } catch (IOException e) {
                throw new SetupException("cannot remove " + p + ": " + e.getMessage(), e);
            }
        }
        return StepResult.of(StepStatus.REMOVED, p.toString());
    }

    private static StepResult deleteIfEmpty(Path dir, boolean dry) throws SetupException {
        if (!Files.isDirectory(dir)) {
            return StepResult.of(StepStatus.UNCHANGED, dir + "/ (absent)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isPresent() && !dry) {
                return StepResult.skipped("kept: not empty", dir + "/");
            }
            if (!dry) {
                Files.delete(dir);
            }
            return StepResult.of(StepStatus.REMOVED, dir + "/");
        } catch (IOException e) {
            throw new SetupException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
