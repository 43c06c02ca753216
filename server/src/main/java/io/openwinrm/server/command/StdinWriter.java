package io.openwinrm.server.command;

import io.openwinrm.server.shell.Quota;
import io.openwinrm.server.shell.QuotaExceededException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Writes client input to a process's stdin on its own thread (started on the first send), with everything it holds
 * bounded ([MS-WSMV] 3.1.4.13):
 *
 * <ul>
 *   <li>the <em>queue</em>: input accepted (its Send answered) but not yet written, at most
 *       {@link InputBounds#queueBytes()} (one Send of any size is admitted into an empty queue);</li>
 *   <li>the <em>waiting</em> Sends, which did not fit into the queue: their reply is held until room appears, so a
 *       client sending faster than the process reads is paced instead of growing memory. At most
 *       {@link InputBounds#maxWaitingSends()} of them holding at most {@link InputBounds#maxWaitingBytes()} together
 *       (one Send of any size may always wait); a Send beyond that is refused at once with
 *       {@link QuotaExceededException} ({@link Quota#WAITING_INPUT}), and one that finds no room within its wait
 *       completes {@link SendOutcome#TIMED_OUT}, its bytes <em>not</em> queued, so the client knows to send them
 *       again.</li>
 * </ul>
 *
 * So one command never holds more than {@code queueBytes + maxWaitingBytes} plus one Send of client input.
 * Input is transcoded when it enters the queue (in order, so a Send that timed out leaves no trace in the
 * transcoder's state). Input arriving after the process exited, after the end of input, or after the pipe broke is
 * discarded silently, as Windows does (its Send is accepted).
 */
final class StdinWriter {

    /** The limits of one command's input; see the class comment. */
    record InputBounds(int queueBytes, int maxWaitingSends, long maxWaitingBytes) {
        InputBounds {
            if (queueBytes < 1 || maxWaitingSends < 1 || maxWaitingBytes < 1) {
                throw new IllegalArgumentException("input bounds must be positive");
            }
        }
    }

    /** A Send waiting for room; raw bytes, as sent. */
    private static final class Waiting {
        final byte[] data;
        final boolean end;
        final CompletableFuture<SendOutcome> outcome = new CompletableFuture<>();
        ScheduledFuture<?> timer;

        Waiting(byte[] data, boolean end) {
            this.data = data;
            this.end = end;
        }
    }

    /** Accepted input, transcoded, waiting for the writer thread. */
    private record Chunk(byte[] data, boolean end) {
    }

    private static final CompletableFuture<SendOutcome> ACCEPTED = CompletableFuture.completedFuture(
            SendOutcome.ACCEPTED);

    private final OutputStream out;
    private final StreamTranscoder transcoder;
    private final InputBounds bounds;
    private final ScheduledExecutorService scheduler;
    private final ThreadFactory threads;
    // guarded by this
    private final ArrayDeque<Chunk> queued = new ArrayDeque<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private long queuedBytes;
    private long waitingBytes;
    private boolean endSeen;
    private boolean discarding;
    private Thread thread;

    /**
     * @param transcoder null to pass bytes through
     * @param scheduler  runs the waits' deadlines and completes futures that were not completed at once
     */
    StdinWriter(OutputStream out, StreamTranscoder transcoder, InputBounds bounds, ScheduledExecutorService scheduler,
                ThreadFactory threads) {
        this.out = out;
        this.transcoder = transcoder;
        this.bounds = bounds;
        this.scheduler = scheduler;
        this.threads = threads;
    }

    /**
     * Queues {@code data} ({@code end}: then closes stdin), or lets it wait at most {@code wait} for room.
     *
     * @return completes with {@link SendOutcome#ACCEPTED} once the bytes are in the queue (at once if there is room)
     *         or discarded (after the exit or the end of input); with {@link SendOutcome#TIMED_OUT} when no room was
     *         found within {@code wait} (nothing of {@code data} was queued)
     * @throws QuotaExceededException if the command's waiting Sends are at their bound: nothing is queued
     */
    CompletableFuture<SendOutcome> send(String commandId, byte[] data, boolean end, Duration wait) {
        synchronized (this) {
            if (discarding || endSeen) {
                return ACCEPTED;
            }
            if (waiting.isEmpty() && fitsQueue(data.length)) {
                startWriter();
                endSeen = end;
                queue(data.clone(), end);
                return ACCEPTED;
            }
            if (waiting.size() >= bounds.maxWaitingSends()
                    || (!waiting.isEmpty() && waitingBytes + data.length > bounds.maxWaitingBytes())) {
                throw new QuotaExceededException(Quota.WAITING_INPUT, bounds.maxWaitingSends(), "Command "
                        + commandId + ": " + waiting.size() + " Sends (" + waitingBytes + " bytes) already wait "
                        + "for room in its standard input, which holds " + queuedBytes + " bytes not yet read; at "
                        + "most " + bounds.maxWaitingSends() + " Sends and " + bounds.maxWaitingBytes()
                        + " bytes may wait. This Send (" + data.length + " bytes) was not accepted. ");
            }
            Waiting w = new Waiting(data.clone(), end);
            // armed under the lock: even a zero wait cannot expire before w is in line
            w.timer = scheduler.schedule(() -> expire(w), Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
            startWriter();
            waiting.add(w);
            waitingBytes += data.length;
            endSeen = end;
            return w.outcome;
        }
    }

    /** Bytes held for the process: accepted but not yet written, plus those of waiting Sends. */
    synchronized long heldBytes() {
        return queuedBytes + waitingBytes;
    }

    /** Drops everything queued and everything sent later; closes stdin. Used when the process exited or goes away. */
    void discard() {
        List<Waiting> dropped;
        boolean startedWriter;
        synchronized (this) {
            if (discarding) {
                return;
            }
            discarding = true;
            dropped = dropAll();
            notifyAll();
            startedWriter = thread != null;
        }
        complete(dropped, SendOutcome.ACCEPTED);
        if (!startedWriter) {
            closeQuietly(); // otherwise the writer thread closes the stream once it is out of write()
        }
    }

    // ---- internals (the lock is held where a method says so) ----------------------------------------------------

    /** Caller holds the lock. */
    private boolean fitsQueue(int length) {
        return queuedBytes == 0 || queuedBytes + length <= bounds.queueBytes();
    }

    /** Caller holds the lock. */
    private void startWriter() {
        if (thread == null) {
            thread = threads.newThread(this::drain);
            thread.start();
        }
    }

    /** Transcodes (in order) and queues accepted input. Caller holds the lock. */
    private void queue(byte[] data, boolean end) {
        byte[] bytes = transcoder == null ? data : transcoder.transcode(data, 0, data.length, end);
        queued.add(new Chunk(bytes, end));
        queuedBytes += bytes.length;
        notifyAll();
    }

    /** Moves waiting Sends that fit into the queue, in order. Caller holds the lock. */
    private List<Waiting> admitWaiting() {
        List<Waiting> admitted = new ArrayList<>();
        while (!waiting.isEmpty() && fitsQueue(waiting.peek().data.length)) {
            Waiting next = waiting.poll();
            waitingBytes -= next.data.length;
            next.timer.cancel(false);
            queue(next.data, next.end);
            admitted.add(next);
        }
        return admitted;
    }

    /** Caller holds the lock. */
    private List<Waiting> dropAll() {
        List<Waiting> dropped = new ArrayList<>(waiting);
        dropped.forEach(w -> w.timer.cancel(false));
        waiting.clear();
        waitingBytes = 0;
        queued.clear();
        queuedBytes = 0;
        return dropped;
    }

    /** A waiting Send's wait is over without room: it leaves the line, nothing of it queued. */
    private void expire(Waiting w) {
        List<Waiting> admitted;
        synchronized (this) {
            if (!waiting.remove(w)) {
                return; // admitted or dropped meanwhile
            }
            waitingBytes -= w.data.length;
            if (w.end) {
                endSeen = false; // the end of input was not accepted either; the client sends it again
            }
            admitted = admitWaiting(); // a later, smaller Send may fit now
        }
        w.outcome.complete(SendOutcome.TIMED_OUT);
        complete(admitted, SendOutcome.ACCEPTED);
    }

    private void drain() {
        try {
            while (true) {
                Chunk chunk;
                synchronized (this) {
                    while (queued.isEmpty() && !discarding) {
                        wait();
                    }
                    if (discarding) {
                        break;
                    }
                    chunk = queued.peek();
                }
                if (chunk.data.length > 0) {
                    out.write(chunk.data);
                    out.flush();
                }
                List<Waiting> admitted;
                synchronized (this) {
                    if (queued.peek() == chunk) {
                        queued.poll();
                        queuedBytes -= chunk.data.length;
                    }
                    admitted = admitWaiting();
                }
                complete(admitted, SendOutcome.ACCEPTED);
                if (chunk.end) {
                    break;
                }
            }
        } catch (IOException e) {
            // Broken pipe: the process closed stdin or exited. Later input is discarded.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Waiting> dropped;
        synchronized (this) {
            discarding = true;
            dropped = dropAll();
        }
        complete(dropped, SendOutcome.ACCEPTED);
        closeQuietly();
    }

    /** Completes off the caller's thread (never while the lock is held). */
    private void complete(List<Waiting> sends, SendOutcome outcome) {
        if (sends.isEmpty()) {
            return;
        }
        Runnable task = () -> sends.forEach(w -> w.outcome.complete(outcome));
        try {
            scheduler.execute(task);
        } catch (RuntimeException rejected) {
            task.run();
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the pipe is gone already
        }
    }
}
