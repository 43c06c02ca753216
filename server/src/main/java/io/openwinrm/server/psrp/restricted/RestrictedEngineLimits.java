package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.fragment.DefragmenterLimits;
import java.util.Objects;

/**
 * Bounds of one restricted runspace pool, so that hostile or runaway input costs bounded memory and threads.
 *
 * @param maxPipelines        pipelines that may exist at once (running or receiving their CREATE_PIPELINE); more
 *                            are refused, finished ones are forgotten at once
 * @param maxRunspaces        the largest MaxRunspaces a client may ask for (it also caps GET_AVAILABLE_RUNSPACES)
 * @param inputQueue          PIPELINE_INPUT objects waiting for the command that reads them
 * @param maxLineBytes        longest output line kept whole; longer ones are cut
 * @param defragmenter        per pool and per pipeline: largest message and messages in progress
 */
public record RestrictedEngineLimits(int maxPipelines, int maxRunspaces, int inputQueue, int maxLineBytes,
        DefragmenterLimits defragmenter) {

    /** 16 pipelines, 16 runspaces, 1024 queued input objects, 1 MiB lines, 10 MiB messages. */
    public static final RestrictedEngineLimits DEFAULT = new RestrictedEngineLimits(16, 16, 1024, 1 << 20,
            DefragmenterLimits.DEFAULT);

    public RestrictedEngineLimits {
        Objects.requireNonNull(defragmenter, "defragmenter");
        if (maxPipelines < 1 || maxRunspaces < 1 || inputQueue < 1 || maxLineBytes < 256) {
            throw new IllegalArgumentException("unusable limits: " + maxPipelines + ", " + maxRunspaces + ", "
                    + inputQueue + ", " + maxLineBytes);
        }
    }
}
