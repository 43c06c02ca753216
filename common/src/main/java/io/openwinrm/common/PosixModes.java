package io.openwinrm.common;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** The nine permission bits of a POSIX mode as an octal number and as {@link PosixFilePermission}s, both ways. */
public final class PosixModes {

    private PosixModes() {
    }

    /** {@code 0754} for rwxr-xr--: owner read is {@code 0400}, others execute {@code 0001}. */
    public static int bits(Set<PosixFilePermission> permissions) {
        int m = 0;
        for (PosixFilePermission p : permissions) {
            m |= bit(p);
        }
        return m;
    }

    /** The permissions of the low nine bits of {@code mode}. */
    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & bit(p)) != 0) {
                s.add(p);
            }
        }
        return s;
    }

    /** The enum is declared owner read, write, execute, then group, then others: bit 8 down to bit 0. */
    private static int bit(PosixFilePermission p) {
        return 1 << (8 - p.ordinal());
    }
}
