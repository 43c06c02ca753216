package io.openwinrm.server.psrp;

import io.openwinrm.protocol.envelope.EnvelopeSizing;
import io.openwinrm.server.command.OutputBudget;
import io.openwinrm.server.command.ReceiveSequence;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The fragments a Receive of one target (the pool, or one pipeline) is waiting for ([MS-PSRP] 3.2.5.3.8, [MS-WSMV]
 * 3.1.4.14): whole fragments in order, their memory taken from the shell's {@link OutputBudget} before they are
 * kept. An engine that finds no room waits (back-pressure: it stops reading {@code pwsh}, which then blocks on its
 * pipe), so nothing is lost and nothing is held beyond the budget. A Receive takes as many fragments as fit the
 * client's MaxEnvelopeSize, one Stream element each (as Windows writes them), at least one.
 *
 * <p>One Receive waits at a time; a second one makes the first answer as timed out (clients keep one outstanding
 * per target, [MS-PSRP] 3.1.4.1). Thread-safe.
 */
final class FragmentQueue {

    /** Bytes charged per fragment beyond its length (array header, queue slot). */
    static final int FRAGMENT_OVERHEAD = 32;

    /**
     * What a Receive gets.
     *
     * @param fragments whole fragments, in order
     * @param done      the target will have no more output: the pipeline's last fragments are in this batch
     * @param timedOut  nothing came within the wait
     */
    record Batch(List<byte[]> fragments, boolean done, boolean timedOut) {
        static final Batch TIMED_OUT = new Batch(List.of(), false, true);
    }

    private final OutputBudget budget;
    private final ReceiveSequence<Batch> sequence = new ReceiveSequence<>(Batch::timedOut);
    // guarded by this
    private final ArrayDeque<byte[]> fragments = new ArrayDeque<>();
    private boolean done;
    private boolean doneDelivered;
    private RuntimeException failure;
    private Waiting waiting;
    // written under this, read by the producer's stop condition
    private volatile boolean released;

    private record Waiting(CompletableFuture<Batch> future, long maxEnvelopeSize) {
    }

    FragmentQueue(OutputBudget budget) {
        this.budget = budget;
    }

    /** The numbered Receives of this target ([MS-WSMV] 4.7.3): a retried number gets the same fragments again. */
    ReceiveSequence<Batch> sequence() {
        return sequence;
    }

    // ---- producer ------------------------------------------------------------------------------------------------

    /**
     * Queues one whole fragment, waiting for room in the budget.
     *
     * @return false if the queue was released or failed meanwhile (the fragment is dropped: nobody will read it)
     */
    boolean offer(byte[] fragment) throws InterruptedException {
        long charge = (long) fragment.length + FRAGMENT_OVERHEAD;
        if (!budget.tryAcquire(charge)) {
            try {
                if (!budget.acquire(charge, () -> released)) {
                    return false;
                }
            } catch (IllegalArgumentException tooBig) {
                fail(new IllegalStateException("a fragment of " + fragment.length + " bytes exceeds the shell's "
                        + "output budget"));
                return false;
            }
        }
        Waiting ready;
        Batch batch;
        synchronized (this) {
            if (released || done) {
                budget.release(charge);
                return false;
            }
            fragments.add(fragment);
            ready = waiting;
            waiting = null;
            batch = ready == null ? null : take(ready.maxEnvelopeSize());
        }
        if (ready != null) {
            ready.future().complete(batch);
        }
        return true;
    }

    /** No more fragments will come: the Receive that takes the last ones reports it ({@link Batch#done()}). */
    void markDone() {
        Waiting ready;
        Batch batch;
        synchronized (this) {
            if (done || released) {
                return;
            }
            done = true;
            ready = waiting;
            waiting = null;
            batch = ready == null ? null : take(ready.maxEnvelopeSize());
        }
        if (ready != null) {
            ready.future().complete(batch);
        }
    }

    // ---- consumer ------------------------------------------------------------------------------------------------

    /**
     * The next fragments, as soon as there are any (or the end), else after {@code wait} as timed out.
     *
     * @param maxEnvelopeSize the request's effective MaxEnvelopeSize: the response must fit it
     */
    CompletableFuture<Batch> receive(long maxEnvelopeSize, Duration wait) {
        Waiting superseded;
        CompletableFuture<Batch> future = new CompletableFuture<>();
        synchronized (this) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (!fragments.isEmpty() || (done && !doneDelivered)) {
                return CompletableFuture.completedFuture(take(maxEnvelopeSize));
            }
            superseded = waiting;
            waiting = new Waiting(future, maxEnvelopeSize);
        }
        if (superseded != null) {
            superseded.future().complete(Batch.TIMED_OUT);
        }
        future.completeOnTimeout(Batch.TIMED_OUT, wait.toMillis(), TimeUnit.MILLISECONDS);
        future.whenComplete((batch, error) -> {
            synchronized (this) {
                if (waiting != null && waiting.future() == future) {
                    waiting = null;
                }
            }
        });
        return future;
    }

    /** Answers a waiting Receive as timed out (the shell was disconnected); the fragments stay queued. */
    void wakeReceiver() {
        Waiting w;
        synchronized (this) {
            w = waiting;
            waiting = null;
        }
        if (w != null) {
            w.future().complete(Batch.TIMED_OUT);
        }
    }

    /** Whether no more fragments will come (they may still wait for a Receive). */
    synchronized boolean isDone() {
        return done;
    }

    /** Whether the Receive that reported the end has been answered. */
    synchronized boolean doneDelivered() {
        return doneDelivered;
    }

    /**
     * Ends the queue with {@code error}: a waiting and every later Receive fails with it, queued fragments are
     * dropped and their memory given back, a waiting producer stops.
     */
    void fail(RuntimeException error) {
        Waiting w;
        long freed = 0;
        synchronized (this) {
            if (failure == null) {
                failure = error;
            }
            released = true;
            for (byte[] f : fragments) {
                freed += f.length + FRAGMENT_OVERHEAD;
            }
            fragments.clear();
            w = waiting;
            waiting = null;
        }
        budget.release(freed);
        budget.wakeUp();
        if (w != null) {
            w.future().completeExceptionally(error);
        }
    }

    /** Bytes queued (without overhead). */
    synchronized long size() {
        long n = 0;
        for (byte[] f : fragments) {
            n += f.length;
        }
        return n;
    }

    /** Takes what fits one response. Caller holds the lock. */
    private Batch take(long maxEnvelopeSize) {
        List<byte[]> out = new ArrayList<>();
        long room = maxEnvelopeSize - EnvelopeSizing.RECEIVE_RESPONSE_OVERHEAD;
        long freed = 0;
        while (!fragments.isEmpty()) {
            byte[] next = fragments.peek();
            long cost = EnvelopeSizing.base64Length(next.length) + EnvelopeSizing.STREAM_ELEMENT_OVERHEAD;
            if (!out.isEmpty() && cost > room) {
                break;
            }
            fragments.poll();
            out.add(next);
            room -= cost;
            freed += next.length + FRAGMENT_OVERHEAD;
        }
        boolean end = done && fragments.isEmpty();
        if (end) {
            doneDelivered = true;
        }
        budget.release(freed);
        return new Batch(out, end, false);
    }
}
