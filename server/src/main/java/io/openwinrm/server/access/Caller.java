package io.openwinrm.server.access;

import io.openwinrm.policy.access.Subject;
import io.openwinrm.server.identity.OsIdentity;
import java.util.Objects;
import java.util.Optional;

/**
 * An authenticated principal as the server acts on it.
 *
 * @param account the authenticated account name (the owner of its shells)
 * @param os      its OS account, when the server switches users; empty when every command runs as the server
 * @param subject what access lists and role definitions see
 */
public record Caller(String account, Optional<OsIdentity> os, Subject subject) {

    public Caller {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(subject, "subject");
    }
}
