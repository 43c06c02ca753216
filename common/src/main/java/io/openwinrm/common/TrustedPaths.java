package io.openwinrm.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether a path is safe for a root process to trust — to execute it, or to write into it — in the manner of sshd's
 * {@code StrictModes}: the path and every directory above it, along the path as written and along its real path,
 * belong to one of the trusted owners and are writable by neither group nor others. Anyone else who could write one
 * of them could replace what root then runs or writes through. Symbolic links are judged by the directory that holds
 * them and by where they lead.
 */
public final class TrustedPaths {

    private static final Set<PosixFilePermission> FOREIGN_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private TrustedPaths() {
    }

    /** Root and {@code uid} (which may be root too): the owners trusted for a server running as {@code uid}. */
    public static Set<Integer> rootAnd(int uid) {
        return uid == 0 ? Set.of(0) : Set.of(0, uid);
    }

    /**
     * @param path    absolute; a missing tail is allowed when {@code mayBeMissing} (judged by its existing ancestors)
     * @param owners  the uids trusted to own each element (root, usually, and the server's own account)
     * @throws IOException naming the first path element that breaks the rule and why
     */
    public static void check(Path path, Set<Integer> owners, boolean mayBeMissing) throws IOException {
        if (!path.isAbsolute()) {
            throw new IOException(path + " is not an absolute path");
        }
        Path normalized = path.normalize();
        Path existing = normalized;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != normalized && !mayBeMissing) {
            throw new NoSuchFileException(path.toString());
        }
        checkChain(normalized, owners);
        if (existing != null) {
            checkChain(existing.toRealPath(), owners);
        }
    }

    private static void checkChain(Path path, Set<Integer> owners) throws IOException {
        for (Path prefix : prefixes(path)) {
            PosixFileAttributes a;
            try {
                a = Files.readAttributes(prefix, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return;
            }
            if (a.isSymbolicLink()) {
                continue;
            }
            int owner = (Integer) Files.getAttribute(prefix, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!owners.contains(owner)) {
                throw new IOException(prefix + " belongs to uid " + owner + " (trusted: " + describe(owners) + ")");
            }
            if (a.permissions().stream().anyMatch(FOREIGN_WRITE::contains)) {
                throw new IOException(prefix + " is writable by "
                        + (a.permissions().contains(PosixFilePermission.OTHERS_WRITE) ? "everyone" : "its group")
                        + " (mode " + mode(a.permissions()) + ")");
            }
        }
    }

    private static List<Path> prefixes(Path path) {
        List<Path> out = new ArrayList<>();
        Path current = path.getRoot();
        out.add(current);
        for (Path part : path) {
            current = current.resolve(part);
            out.add(current);
        }
        return out;
    }

    private static String describe(Set<Integer> owners) {
        return owners.stream().sorted().map(uid -> uid == 0 ? "root" : "uid " + uid)
                .reduce((a, b) -> a + ", " + b).orElse("nobody");
    }

    private static String mode(Set<PosixFilePermission> permissions) {
        return String.format("%03o", PosixModes.bits(permissions));
    }
}
