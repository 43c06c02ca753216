package io.openwinrm.server.identity;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An operating-system account as a process runs under it: the passwd entry plus the complete group list
 * (getpwnam(3), getgrouplist(3)).
 *
 * @param name       the account name
 * @param uid        user id
 * @param gid        primary group id
 * @param groupIds   every group id the account's processes carry (primary first, no duplicates)
 * @param groupNames the names of {@code groupIds} that have one, in the same order
 * @param home       home directory (the default working directory of its shells)
 * @param shell      login shell; {@code /bin/sh} when the entry names none
 */
public record OsIdentity(String name, int uid, int gid, List<Integer> groupIds, List<String> groupNames, Path home,
                         Path shell) {

    public OsIdentity {
        Objects.requireNonNull(name, "name");
        groupIds = List.copyOf(groupIds);
        groupNames = List.copyOf(groupNames);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(shell, "shell");
    }

    /** Whether this is the superuser. */
    public boolean isRoot() {
        return uid == 0;
    }
}
