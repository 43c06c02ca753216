package io.openwinrm.server.shell;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.DelegatedCredentials;
import io.openwinrm.policy.restrict.CommandPolicy;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.audit.TranscriptDirectory;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.command.SandboxSpec;
import io.openwinrm.server.command.ShellCredentials;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.identity.OsIdentity;
import io.openwinrm.server.identity.TemporaryAccounts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares what a new shell of an endpoint needs: the OS account it runs as (the caller's, a configured service
 * account, or a temporary account created now), the sandbox enforcing the endpoint's limits, and on restricted
 * endpoints the caller's merged command policy. Whatever it acquires is released by the context's {@code release}.
 */
public final class ShellContextFactory implements ShellContexts {

    private static final Logger LOG = LoggerFactory.getLogger(ShellContextFactory.class);

    private final CallerResolver callers;
    private final ProcessLauncher launcher;
    private final Optional<TemporaryAccounts> temporaryAccounts;
    private final boolean hideOtherUsersProcesses;

    /**
     * @param hideOtherUsersProcesses give shells that run as a non-administrator a process table of their own
     *                                account only ({@link SandboxSpec#hideOtherUsersProcesses()})
     */
    public ShellContextFactory(CallerResolver callers, ProcessLauncher launcher,
                               Optional<TemporaryAccounts> temporaryAccounts, boolean hideOtherUsersProcesses) {
        this.callers = Objects.requireNonNull(callers, "callers");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.temporaryAccounts = Objects.requireNonNull(temporaryAccounts, "temporaryAccounts");
        this.hideOtherUsersProcesses = hideOtherUsersProcesses;
    }

    /** Without hiding processes (single-user servers). */
    public ShellContextFactory(CallerResolver callers, ProcessLauncher launcher,
                               Optional<TemporaryAccounts> temporaryAccounts) {
        this(callers, launcher, temporaryAccounts, false);
    }

    /**
     * @throws EndpointUnavailableException if the endpoint's identity or limits cannot be provided
     */
    @Override
    public ShellContext create(Caller caller, AuthenticatedUser user, Endpoint endpoint, String clientAddress) {
        return create(caller, endpoint, clientAddress, user.delegated());
    }

    /** As {@link #create(Caller, AuthenticatedUser, Endpoint, String)} for an authentication that delegated nothing. */
    public ShellContext create(Caller caller, Endpoint endpoint, String clientAddress) {
        return create(caller, endpoint, clientAddress, Optional.empty());
    }

    /**
     * As {@link #create(Caller, AuthenticatedUser, Endpoint, String)}.
     *
     * @param delegated what the client delegated for the second hop; given to the shell only when it runs as the
     *                  caller's own account (a RunAs or temporary account never gets the caller's credentials)
     */
    public ShellContext create(Caller caller, Endpoint endpoint, String clientAddress,
                               Optional<DelegatedCredentials> delegated) {
        List<Runnable> releases = new ArrayList<>();
        checkTranscripts(endpoint);
        try {
            Optional<OsIdentity> runAs = runAs(caller, endpoint, releases);
            boolean ordinary = runAs.isPresent() && !administers(runAs.get());
            boolean hide = hideOtherUsersProcesses && ordinary;
            boolean temporary = endpoint.runAs() instanceof RunAs.Temporary;
            Sandbox sandbox;
            try {
                Optional<ShellCredentials> credentials = endpoint.runAs() instanceof RunAs.Caller
                        ? runAs.flatMap(account -> delegated.map(d -> new ShellCredentials(account, d)))
                        : Optional.empty();
                sandbox = launcher.createSandbox(new SandboxSpec("shell-" + UUID.randomUUID(), endpoint.limits(),
                        hide, temporary, ordinary || temporary, credentials));
                releases.add(0, sandbox::close);
            } catch (IOException e) {
                throw new EndpointUnavailableException("the sandbox of endpoint " + endpoint.name()
                        + " cannot be made: " + e.getMessage());
            }
            Optional<CommandPolicy> policy = Optional.empty();
            List<String> roles = List.of();
            if (endpoint.kind() == EndpointKind.RESTRICTED) {
                policy = Optional.of(endpoint.policyFor(caller.subject()));
                roles = List.copyOf(endpoint.roleDefinitions().rolesFor(caller.subject()));
            }
            return new ShellContext(endpoint, caller, runAs, sandbox, policy, roles, once(releases), clientAddress);
        } catch (RuntimeException e) {
            once(releases).run();
            throw e;
        }
    }

    /** A shell whose transcript could not be written safely is refused, never run without it. */
    private void checkTranscripts(Endpoint endpoint) {
        if (endpoint.transcripts().isEmpty()) {
            return;
        }
        try {
            TranscriptDirectory.check(endpoint.transcripts().get(), callers.accounts().self().uid());
        } catch (IOException e) {
            LOG.error("endpoint {} refused: {}", endpoint.name(), e.getMessage());
            throw new EndpointUnavailableException("the endpoint " + endpoint.name() + " cannot keep transcripts: "
                    + e.getMessage());
        }
    }

    /** uid 0 or a member of sudo/wheel: sees every process anyway (through sudo if not directly). */
    private static boolean administers(OsIdentity account) {
        return CallerResolver.subjectOf(account.name(), account).administrator();
    }

    private Optional<OsIdentity> runAs(Caller caller, Endpoint endpoint, List<Runnable> releases) {
        RunAs runAs = endpoint.runAs();
        if (runAs instanceof RunAs.Caller) {
            return caller.os();
        }
        if (!callers.switching()) {
            throw new EndpointUnavailableException("endpoint " + endpoint.name() + " runs as " + runAs.text()
                    + ", but this server cannot start processes as other users (it runs as "
                    + callers.accounts().self().name() + ")");
        }
        if (runAs instanceof RunAs.Account account) {
            return Optional.of(callers.accounts().find(account.name()).orElseThrow(() ->
                    new EndpointUnavailableException("the run-as account " + account.name() + " of endpoint "
                            + endpoint.name() + " does not exist")));
        }
        RunAs.Temporary temporary = (RunAs.Temporary) runAs;
        TemporaryAccounts accounts = temporaryAccounts.orElseThrow(() -> new EndpointUnavailableException(
                "endpoint " + endpoint.name() + " needs temporary accounts, which this server cannot create"));
        try {
            OsIdentity created = accounts.create(caller.account(), temporary.groups());
            releases.add(() -> {
                try {
                    accounts.remove(created);
                } catch (IOException e) {
                    LOG.error("cannot remove temporary account {}: {}", created.name(), e.getMessage());
                }
            });
            return Optional.of(created);
        } catch (IOException e) {
            throw new EndpointUnavailableException("cannot create a temporary account for endpoint "
                    + endpoint.name() + ": " + e.getMessage());
        }
    }

    private static Runnable once(List<Runnable> releases) {
        List<Runnable> copy = List.copyOf(releases);
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                for (Runnable r : copy) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.error("releasing a shell's resources failed", e);
                    }
                }
            }
        };
    }
}
