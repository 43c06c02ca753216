package io.openwinrm.psrp.command;

/**
 * The stream-merge members of a command ([MS-PSRP] 2.2.3.12), as {@link PipelineResultTypes} flags. The first
 * three exist since protocol 2.1; the others since 2.2 (Information since 2.3) and are null when a client did not
 * send them.
 */
public record StreamMerges(int myResult, int toResult, int previousResults, Integer error, Integer warning,
        Integer verbose, Integer debug, Integer information) {

    /** No merging, with every member present (what a 2.3 client sends for a plain command). */
    public static final StreamMerges NONE = new StreamMerges(0, 0, 0, 0, 0, 0, 0, 0);
}
