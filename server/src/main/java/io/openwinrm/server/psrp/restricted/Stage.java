package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsValue;

/**
 * One built-in command of a running pipeline. Objects flow from the previous command into {@link #process} and from
 * there to {@code next}; {@link #end} runs once after the last input (producers such as Get-Command emit there).
 * Called by the pipeline's runner thread only.
 */
interface Stage {

    /** Where a stage puts its output objects. */
    @FunctionalInterface
    interface Sink {
        void accept(PsValue value) throws InterruptedException;
    }

    default void process(PsValue input, Sink next) throws InterruptedException {
    }

    default void end(Sink next) throws InterruptedException {
    }
}
