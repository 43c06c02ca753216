package io.openwinrm.server.command;

import io.openwinrm.auth.spi.DelegatedCredentials;
import io.openwinrm.server.identity.OsIdentity;
import java.util.Objects;

/**
 * The credentials a shell's commands authenticate onward with (the second hop): the client's delegated TGT, written
 * by the sandbox as a credential cache only {@code owner} can read and named in each command's {@code KRB5CCNAME}.
 *
 * @param owner       the account the shell runs as: the caller's own, never a RunAs account's
 * @param credentials what the client delegated
 */
public record ShellCredentials(OsIdentity owner, DelegatedCredentials credentials) {

    public ShellCredentials {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(credentials, "credentials");
    }
}
