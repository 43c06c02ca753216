package io.openwinrm.os;

import io.openwinrm.server.identity.OsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an account could see of the file system, judged by the server (root) before it starts anything as that
 * account, so that a client's paths — a working directory, a program name — are answered exactly as the account
 * itself would find them and never as root does: a path the account cannot reach is "not there", whether or not
 * it exists. Without this, the server's answers would be an oracle for files in directories only root may search
 * (issue 9, finding 9).
 *
 * <p>Judged from owner, group and mode bits (POSIX.1-2017 4.5 "File access permissions"; ACLs are not read): every
 * directory the kernel would search on the way must grant the account search (x) permission, both the directories
 * of the path as written and those of its real path (a symbolic link on the way must not lead around a closed
 * directory). The judgement can be stricter than the kernel (an ACL that grants more), never looser in a way that
 * reveals anything: whatever the process then does, it does as the account, and the kernel decides.
 */
public final class AccountPermissions {

    private static final int SEARCH_OWNER = 0100;
    private static final int SEARCH_GROUP = 0010;
    private static final int SEARCH_OTHER = 0001;

    private AccountPermissions() {
    }

    /** Whether {@code account} may make {@code dir} its working directory (absolute). */
    public static boolean canEnter(OsIdentity account, Path dir) {
        return reachable(account, dir, true).isPresent();
    }

    /** Whether {@code account} may execute {@code file} (absolute): reachable, a regular file, an x bit for it. */
    public static boolean canExecute(OsIdentity account, Path file) {
        Optional<Map<String, Object>> attributes = reachable(account, file, false);
        if (attributes.isEmpty() || !Files.isRegularFile(file)) {
            return false;
        }
        return allows(account, attributes.get(), SEARCH_OWNER, SEARCH_GROUP, SEARCH_OTHER);
    }

    /** Whether {@code account} may read {@code path} (absolute): reachable and an r bit for it. */
    public static boolean canRead(OsIdentity account, Path path) {
        Optional<Map<String, Object>> attributes = reachable(account, path, false);
        return attributes.isPresent() && allows(account, attributes.get(), 0400, 0040, 0004);
    }

    /**
     * The attributes of {@code path} if every directory on the way to it (and, with {@code directory}, the path
     * itself) is searchable by {@code account}, else empty.
     */
    private static Optional<Map<String, Object>> reachable(OsIdentity account, Path path, boolean directory) {
        if (!path.isAbsolute()) {
            return Optional.empty();
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
        if (directory && !Files.isDirectory(real)) {
            return Optional.empty();
        }
        if (account.isRoot()) {
            return attributes(real);
        }
        for (Path walked : List.of(path, real)) {
            List<Path> dirs = ancestors(walked);
            if (directory) {
                dirs.add(walked);
            }
            for (Path dir : dirs) {
                Optional<Map<String, Object>> a = attributes(dir);
                if (a.isEmpty() || !Files.isDirectory(dir)
                        || !allows(account, a.get(), SEARCH_OWNER, SEARCH_GROUP, SEARCH_OTHER)) {
                    return Optional.empty();
                }
            }
        }
        return attributes(real);
    }

    /** {@code /}, {@code /a}, {@code /a/b} for {@code /a/b/c}: each prefix as written (no {@code ..} folding). */
    private static List<Path> ancestors(Path path) {
        List<Path> out = new ArrayList<>();
        Path current = path.getRoot();
        out.add(current);
        int n = path.getNameCount();
        for (int i = 0; i < n - 1; i++) {
            current = current.resolve(path.getName(i));
            out.add(current);
        }
        return out;
    }

    private static Optional<Map<String, Object>> attributes(Path p) {
        try {
            return Optional.of(Files.readAttributes(p, "unix:mode,uid,gid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean allows(OsIdentity account, Map<String, Object> attributes, int owner, int group,
                                  int other) {
        int mode = (Integer) attributes.get("mode");
        int uid = (Integer) attributes.get("uid");
        int gid = (Integer) attributes.get("gid");
        if (account.isRoot()) {
            return (mode & (owner | group | other)) != 0;
        }
        if (uid == account.uid()) {
            return (mode & owner) != 0;
        }
        if (gid == account.gid() || account.groupIds().contains(gid)) {
            return (mode & group) != 0;
        }
        return (mode & other) != 0;
    }
}
