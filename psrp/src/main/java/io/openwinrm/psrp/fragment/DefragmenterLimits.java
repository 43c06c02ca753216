package io.openwinrm.psrp.fragment;

/**
 * Bounds of a {@link Defragmenter}. Memory held by one defragmenter stays below
 * {@code maxObjectSize * maxPartialObjects} plus one header.
 *
 * @param maxObjectSize     largest reassembled message in bytes; PowerShell's session configurations default to
 *                          10 MiB ({@code PSMaximumReceivedObjectSizeMB})
 * @param maxPartialObjects objects that may be incomplete at the same time (interleaved fragments)
 */
public record DefragmenterLimits(int maxObjectSize, int maxPartialObjects) {
    /** 10 MiB per object, 16 objects in progress. */
    public static final DefragmenterLimits DEFAULT = new DefragmenterLimits(10 * 1024 * 1024, 16);

    public DefragmenterLimits {
        if (maxObjectSize < 1 || maxPartialObjects < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxObjectSize + ", "
                    + maxPartialObjects);
        }
    }
}
