package io.openwinrm.psrp.clixml;

/**
 * Bounds of a {@link ClixmlReader}; input beyond them is refused with
 * {@link io.openwinrm.psrp.PsrpError#LIMIT_EXCEEDED} before it costs much memory or time.
 *
 * @param maxDepth          deepest element nesting; a CREATE_PIPELINE with simple arguments needs about 20
 * @param maxElements       elements per document
 * @param maxStringLength   characters of one text or attribute value
 * @param maxExpandedValues values the document stands for once every {@code <Ref>} is expanded: bounds
 *                          "billion laughs" structures whose references multiply a small document into a huge
 *                          object graph that a later consumer would walk
 */
public record ClixmlLimits(int maxDepth, int maxElements, int maxStringLength, long maxExpandedValues) {
    /** Generous for every real message; cheap to check. */
    public static final ClixmlLimits DEFAULT = new ClixmlLimits(100, 1_000_000, 16 * 1024 * 1024, 4_000_000);

    public ClixmlLimits {
        if (maxDepth < 8 || maxDepth > 1000 || maxElements < 16 || maxStringLength < 256
                || maxExpandedValues < maxElements) {
            throw new IllegalArgumentException("unusable CLIXML limits: " + maxDepth + ", " + maxElements + ", "
                    + maxStringLength + ", " + maxExpandedValues);
        }
    }
}
