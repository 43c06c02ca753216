package io.openwinrm.server.identity;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An {@link AccountDirectory} that knows only the server's own account, from the JVM's system properties, and never
 * switches users: for servers (and tests) that run every command as themselves.
 */
public final class ServerAccount implements AccountDirectory {

    private final OsIdentity self = new OsIdentity(System.getProperty("user.name", "server"), -1, -1, List.of(),
            List.of(), Path.of(System.getProperty("user.home", "/")), Path.of("/bin/sh"));

    @Override
    public Optional<OsIdentity> find(String name) {
        return name.equals(self.name()) ? Optional.of(self) : Optional.empty();
    }

    @Override
    public OsIdentity self() {
        return self;
    }

    @Override
    public boolean canSwitchUsers() {
        return false;
    }
}
