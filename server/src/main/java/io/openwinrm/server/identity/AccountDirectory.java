package io.openwinrm.server.identity;

import java.util.Optional;

/**
 * The operating system's account database, as the server sees it: who an authenticated principal is on this host,
 * and whether the server may start processes as somebody else. The production implementation is
 * {@code io.openwinrm.os.PosixAccounts} (module server-os; NSS through libc, so LDAP/SSSD accounts count).
 *
 * <p>Implementations must be thread-safe and cheap enough to call once per request (cache briefly).
 */
public interface AccountDirectory {

    /**
     * The account named {@code name}, exactly as written (no case folding); a {@code DOMAIN\} prefix or
     * {@code @REALM} suffix is not stripped here.
     */
    Optional<OsIdentity> find(String name);

    /**
     * The answer of {@link #find} if it is at hand without blocking (from a cache); empty when finding it may block
     * (NSS can ask LDAP or SSSD over the network), so that the caller can look it up off its own thread. By default
     * every lookup counts as cheap.
     */
    default Optional<Optional<OsIdentity>> cached(String name) {
        return Optional.of(find(name));
    }

    /** The account the server itself runs as. */
    OsIdentity self();

    /**
     * Whether the server can start processes as other accounts (it runs as root, or holds CAP_SETUID, CAP_SETGID
     * and CAP_KILL). When false, every command runs as {@link #self()}.
     */
    boolean canSwitchUsers();
}
