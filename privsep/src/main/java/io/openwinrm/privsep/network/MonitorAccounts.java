package io.openwinrm.privsep.network;

import io.openwinrm.os.PosixAccounts;
import io.openwinrm.privsep.wire.MonitorMessage.HelloReply;
import io.openwinrm.server.identity.AccountDirectory;
import io.openwinrm.server.identity.OsIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The account database as the network side sees it: lookups through NSS like anywhere (the passwd and group
 * databases are public), but the server's own account and whether it switches users are the monitor's, since the
 * monitor is the one that starts processes.
 */
public final class MonitorAccounts implements AccountDirectory {

    private final PosixAccounts accounts = new PosixAccounts();
    private final OsIdentity self;
    private final boolean switching;

    public MonitorAccounts(HelloReply monitor) {
        this.self = accounts.byUid(monitor.serverUid()).orElse(new OsIdentity(monitor.serverAccount(),
                monitor.serverUid(), monitor.serverUid(), List.of(), List.of(), Path.of("/"), Path.of("/bin/sh")));
        this.switching = monitor.switching();
    }

    @Override
    public Optional<OsIdentity> find(String name) {
        return accounts.find(name);
    }

    @Override
    public Optional<Optional<OsIdentity>> cached(String name) {
        return accounts.cached(name);
    }

    @Override
    public OsIdentity self() {
        return self;
    }

    @Override
    public boolean canSwitchUsers() {
        return switching;
    }
}
