package io.openwinrm.cli;

import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.config.SecuritySettings;
import io.openwinrm.cli.endpoint.EndpointDirectory;
import io.openwinrm.cli.setup.ConfigCheck;
import io.openwinrm.os.CredentialCaches;
import io.openwinrm.os.LinuxSandbox;
import io.openwinrm.os.LinuxTemporaryAccounts;
import io.openwinrm.os.PosixAccounts;
import io.openwinrm.os.ServerInstance;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.audit.JsonLinesAuditLog;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.identity.TemporaryAccounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Builds a served server's {@link AccessControl} from its state directory and {@code [security]} settings. */
final class ServerSecurity {

    private ServerSecurity() {
    }

    /**
     * @param instance this server among others on the host: it removes only its own leftovers at start
     * @param say      prints one line of start-up information
     * @throws CliException when the settings or endpoints cannot be loaded, or isolation is required but impossible
     */
    static AccessControl load(StateDirectory dir, SecuritySettings settings, ServerInstance instance,
            Consumer<String> say) {
        EndpointDirectory endpoints;
        try {
            endpoints = EndpointDirectory.open(dir.root());
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        PosixAccounts accounts = new PosixAccounts();
        for (Endpoint e : endpoints.all()) {
            ConfigCheck.transcriptProblem(e, accounts.self().uid()).ifPresent(problem -> {
                throw new CliException(ExitCodes.CONFIG, "refusing to start: endpoint " + e.name() + ": " + problem);
            });
        }
        CallerResolver callers;
        try {
            callers = new CallerResolver(accounts, settings.isolation());
        } catch (IllegalStateException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        Optional<TemporaryAccounts> temporary = Optional.empty();
        if (accounts.canSwitchUsers()) {
            try {
                List<String> stale = LinuxSandbox.removeStale(instance);
                if (!stale.isEmpty()) {
                    say.accept("removed control groups left by an earlier run: " + stale.size());
                }
            } catch (RuntimeException e) {
                say.accept("cannot check for stale control groups: " + e.getMessage());
            }
            try {
                List<String> stale = CredentialCaches.removeStale(instance);
                if (!stale.isEmpty()) {
                    say.accept("removed delegated credential caches left by an earlier run: " + stale.size());
                }
            } catch (RuntimeException e) {
                say.accept("cannot check for stale credential caches: " + e.getMessage());
            }
        }
        if (callers.switching()) {
            LinuxTemporaryAccounts t = new LinuxTemporaryAccounts(LinuxTemporaryAccounts.DEFAULT_HOME_BASE, instance,
                    dir.root().resolve("temporary-account-id"));
            try {
                List<String> stale = t.removeStale();
                if (!stale.isEmpty()) {
                    say.accept("removed temporary accounts left by an earlier run: " + String.join(", ", stale));
                }
            } catch (IOException e) {
                say.accept("cannot check for stale temporary accounts: " + e.getMessage());
            }
            temporary = Optional.of(t);
            say.accept("commands run as each caller's own OS account (isolation " + settings.isolation().name()
                    .toLowerCase(java.util.Locale.ROOT) + ")");
        } else {
            say.accept("commands run as the server's own user '" + accounts.self().name() + "' ("
                    + (accounts.canSwitchUsers() ? "isolation is off in the configuration"
                    : "not root: per-user isolation needs root or CAP_SETUID/CAP_SETGID/CAP_KILL") + ")");
        }
        say.accept("endpoints: " + String.join(", ", endpoints.all().stream().map(Endpoint::name).toList())
                + "; audit log " + settings.auditLog());
        if (callers.switching()) {
            say.accept(settings.hideProcesses() ? "non-administrators see only their own processes"
                    : "every user sees every process (security.hide_processes = false)");
        }
        return new AccessControl(endpoints, callers, temporary, new JsonLinesAuditLog(settings.auditLog()),
                settings.hideProcesses());
    }
}
