package io.openwinrm.cli.setup;

import java.nio.file.Path;

/**
 * Where changes go. With a {@code root} (the {@code --root DIR} test mode) every absolute path is written below it
 * and no live system change is made; without one, paths are used as they are and the system is changed.
 *
 * @param root the prefix, or null for the real system
 */
public record Target(Path root) {

    public static Target system() {
        return new Target(null);
    }

    /** Whether live system changes (systemctl, nft, groupadd) are allowed. */
    public boolean live() {
        return root == null;
    }

    /** The path on disk for the path {@code logical} has on the configured system. */
    public Path physical(Path logical) {
        Path abs = logical.toAbsolutePath().normalize();
        if (root == null) {
            return abs;
        }
        return root.toAbsolutePath().normalize().resolve(abs.getRoot().relativize(abs).toString());
    }

    /** Why live steps are skipped in this mode. */
    public static final String NOT_LIVE = "--root: no live system changes";
}
