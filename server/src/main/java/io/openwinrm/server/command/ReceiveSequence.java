package io.openwinrm.server.command;

import io.openwinrm.server.shell.ReceiveSequenceException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The numbered Receives of one command ({@code rsp:Receive/@SequenceId}, [MS-WSMV] 4.7.3), so that a client whose
 * HTTP response was lost loses no output: the reply to the last numbered Receive is kept until a Receive with the
 * next number acknowledges it, and a Receive that repeats the last number gets that same reply again.
 *
 * <ul>
 *   <li>The first numbered Receive of a command may carry any number (Windows clients start at 0).</li>
 *   <li>Same number as the last: the kept reply — while it is still pending too, so a retry sent before the long
 *       poll answered shares it. A kept reply that carried no data (timed out, or failed) is not kept: the retry
 *       receives afresh.</li>
 *   <li>Last + 1: the kept reply is dropped and the command receives afresh.</li>
 *   <li>Any other number: {@link ReceiveSequenceException}, nothing is consumed.</li>
 *   <li>A Receive without number receives afresh and forgets the sequence (clients that never number, pywinrm and
 *       Go, are served exactly as before).</li>
 * </ul>
 *
 * <p>Memory: one reply (at most one envelope's worth of output) per command. Thread-safe; {@code fresh} is called
 * under this object's monitor and must not call back into it.
 *
 * @param <T> what a Receive gets: a command's {@link OutputBatch}, or a PowerShell target's fragments
 */
public final class ReceiveSequence<T> {

    private final Predicate<T> timedOut;
    private boolean numbered;
    private long last;
    private CompletableFuture<T> reply;

    /** @param timedOut whether a reply carried nothing (a retry of it receives afresh) */
    public ReceiveSequence(Predicate<T> timedOut) {
        this.timedOut = timedOut;
    }

    /** The numbered Receives of a cmd shell command. */
    public static ReceiveSequence<OutputBatch> ofCommands() {
        return new ReceiveSequence<>(OutputBatch::timedOut);
    }

    /**
     * The reply for a Receive numbered {@code sequenceId}: kept or from {@code fresh}.
     *
     * @param fresh receives from the command (its exceptions propagate; the sequence is then unchanged)
     * @throws ReceiveSequenceException if {@code sequenceId} is neither the last number nor the next
     */
    public synchronized CompletableFuture<T> receive(String commandId, long sequenceId,
                                                     Supplier<CompletableFuture<T>> fresh) {
        if (numbered && sequenceId == last && reply != null && reusable(reply)) {
            return reply;
        }
        if (numbered && sequenceId != last && sequenceId != last + 1) {
            throw new ReceiveSequenceException(commandId, last + 1, sequenceId);
        }
        CompletableFuture<T> next = fresh.get();
        numbered = true;
        last = sequenceId;
        reply = next;
        return next;
    }

    /** A Receive without SequenceId: forget the sequence and its kept reply. */
    public synchronized void unnumbered() {
        numbered = false;
        reply = null;
    }

    private boolean reusable(CompletableFuture<T> kept) {
        if (!kept.isDone()) {
            return true;
        }
        if (kept.isCompletedExceptionally()) {
            return false;
        }
        return !timedOut.test(kept.join());
    }
}
