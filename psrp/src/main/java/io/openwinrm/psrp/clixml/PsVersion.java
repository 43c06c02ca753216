package io.openwinrm.psrp.clixml;

import java.util.Comparator;

/**
 * {@code <Version>}: a .NET Version {@code major.minor[.build[.revision]]} ([MS-PSRP] 2.2.5.1.21). An absent
 * build or revision is -1, as in .NET; a revision needs a build.
 */
public record PsVersion(int major, int minor, int build, int revision) implements PsPrimitive,
        Comparable<PsVersion> {
    private static final Comparator<PsVersion> ORDER = Comparator.comparingInt(PsVersion::major)
            .thenComparingInt(PsVersion::minor).thenComparingInt(PsVersion::build)
            .thenComparingInt(PsVersion::revision);

    public PsVersion {
        if (major < 0 || minor < 0 || build < -1 || revision < -1 || (build == -1 && revision != -1)) {
            throw new IllegalArgumentException("invalid version " + major + "." + minor + "." + build + "."
                    + revision);
        }
    }

    /** {@code major.minor}. */
    public static PsVersion of(int major, int minor) {
        return new PsVersion(major, minor, -1, -1);
    }

    /**
     * Parses {@code a.b[.c[.d]]}.
     *
     * @throws IllegalArgumentException if the text is not a version
     */
    public static PsVersion parse(String text) {
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length < 2 || parts.length > 4) {
            throw new IllegalArgumentException("not a version: " + text);
        }
        int[] n = {0, 0, -1, -1};
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 10 || !parts[i].chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not a version: " + text);
            }
            long v = Long.parseLong(parts[i]);
            if (v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("not a version: " + text);
            }
            n[i] = (int) v;
        }
        return new PsVersion(n[0], n[1], n[2], n[3]);
    }

    @Override
    public int compareTo(PsVersion o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String tag() {
        return "Version";
    }

    @Override
    public String text() {
        return major + "." + minor + (build >= 0 ? "." + build : "") + (revision >= 0 ? "." + revision : "");
    }

    @Override
    public String toString() {
        return text();
    }
}
