package io.openwinrm.server.access;

import io.openwinrm.policy.access.Subject;
import io.openwinrm.server.identity.AccountDirectory;
import io.openwinrm.server.identity.OsIdentity;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an authenticated account name into a {@link Caller}. When the server switches users, the account must exist
 * on the host (the account store only proves who the caller is; the OS decides what they may do) and its groups
 * decide access. When it does not switch, every caller acts as the server's own account and counts as its
 * administrator for the built-in {@code administrators} entry; explicit user and deny entries still apply.
 */
public final class CallerResolver {

    private final AccountDirectory accounts;
    private final boolean switching;
    private final Set<String> serverGroups;

    /**
     * @throws IllegalStateException if {@code mode} is {@link IsolationMode#ON} and the server cannot switch users
     */
    public CallerResolver(AccountDirectory accounts, IsolationMode mode) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.switching = switch (mode) {
            case ON -> {
                if (!accounts.canSwitchUsers()) {
                    throw new IllegalStateException("isolation.mode = on, but the server runs as "
                            + accounts.self().name() + " without the privileges to start processes as other users");
                }
                yield true;
            }
            case AUTO -> accounts.canSwitchUsers();
            case OFF -> false;
        };
        this.serverGroups = switching ? Set.of() : Set.copyOf(accounts.self().groupNames());
    }

    /** Whether {@link #resolve} of {@code account} will not block (its OS account is cached, or none is needed). */
    public boolean resolvesWithoutBlocking(String account) {
        return !switching || accounts.cached(account).isPresent();
    }

    /** Whether commands run as the callers' own accounts. */
    public boolean switching() {
        return switching;
    }

    public AccountDirectory accounts() {
        return accounts;
    }

    /**
     * @throws AccessDeniedException if the server switches users and {@code account} is no OS account here
     */
    public Caller resolve(String account) {
        if (!switching) {
            return new Caller(account, Optional.empty(), new Subject(account, serverGroups, true));
        }
        OsIdentity os = accounts.find(account).orElseThrow(() -> new AccessDeniedException(
                "the account " + account + " has no operating-system account on this host"));
        return new Caller(account, Optional.of(os), subjectOf(account, os));
    }

    /** What access lists see of {@code account} authenticated as the OS account {@code os}. */
    public static Subject subjectOf(String account, OsIdentity os) {
        return Subject.of(account, os.uid(), Set.copyOf(os.groupNames()));
    }
}
