package io.openwinrm.policy.access;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking, as access lists see it: the authenticated account name, the operating-system groups of the account
 * commands would run as, and whether that account administers the host.
 *
 * @param name          the authenticated account name (compared exactly)
 * @param groups        OS group names (primary group included)
 * @param administrator uid 0 or a member of {@code sudo}/{@code wheel} ({@link #ADMIN_GROUPS}); on a server that cannot
 *                      switch users, every caller acts as the server's own account and counts as its administrator
 */
public record Subject(String name, Set<String> groups, boolean administrator) {

    /** Groups whose members administer a Linux host (Debian's sudo, Red Hat's wheel). */
    public static final Set<String> ADMIN_GROUPS = Set.of("sudo", "wheel");

    public Subject {
        Objects.requireNonNull(name, "name");
        groups = Set.copyOf(groups);
    }

    /** A subject whose administrator flag follows from uid 0 or membership of {@link #ADMIN_GROUPS}. */
    public static Subject of(String name, int uid, Set<String> groups) {
        return new Subject(name, groups, uid == 0 || groups.stream().anyMatch(ADMIN_GROUPS::contains));
    }
}
