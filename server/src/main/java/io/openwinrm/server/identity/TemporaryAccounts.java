package io.openwinrm.server.identity;

import java.io.IOException;
import java.util.List;

/**
 * Per-connection temporary accounts, the analog of JEA's virtual accounts ({@code RunAsVirtualAccount}): created when
 * a shell of such an endpoint opens, removed (with every process still running under it) when the shell closes.
 * Each account is named after the caller so that audits stay per user. Thread-safe.
 */
public interface TemporaryAccounts {

    /**
     * Creates a fresh account with no password, no login and no home of its own.
     *
     * @param caller the authenticated user it acts for (sanitised into the account name)
     * @param groups the only supplementary groups it joins (existing group names)
     * @throws IOException if the account cannot be created (no privileges, unknown group, name space exhausted)
     */
    OsIdentity create(String caller, List<String> groups) throws IOException;

    /**
     * Kills every process of the account and deletes it. Idempotent.
     *
     * @throws IOException if it cannot be removed
     */
    void remove(OsIdentity account) throws IOException;
}
