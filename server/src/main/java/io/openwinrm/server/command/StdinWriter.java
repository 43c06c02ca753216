package io.openwinrm.server.command;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Writes client input to a process's stdin on its own thread (started on the first send), through a queue bounded
 * in bytes: a send is <em>accepted</em> (its future completes) once its bytes fit in the queue, so a client sending
 * faster than the process reads waits instead of growing memory ([MS-WSMV] 3.1.4.13). Input arriving after the
 * process exited, after the end of input, or after the pipe broke is discarded silently, as Windows does.
 */
final class StdinWriter {

    private record Chunk(byte[] data, boolean end, CompletableFuture<Void> accepted) {
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final OutputStream out;
    private final StreamTranscoder transcoder;
    private final int limit;
    private final Executor completer;
    private final ThreadFactory threads;
    private final ArrayDeque<Chunk> queued = new ArrayDeque<>();
    private final ArrayDeque<Chunk> waiting = new ArrayDeque<>();
    private long queuedBytes;
    private boolean endSeen;
    private boolean discarding;
    private Thread thread;

    /**
     * @param transcoder null to pass bytes through
     * @param completer  runs completions of futures that were not completed at once
     */
    StdinWriter(OutputStream out, StreamTranscoder transcoder, int limit, Executor completer, ThreadFactory threads) {
        this.out = out;
        this.transcoder = transcoder;
        this.limit = limit;
        this.completer = completer;
        this.threads = threads;
    }

    CompletableFuture<Void> send(byte[] data, boolean end) {
        synchronized (this) {
            if (discarding || endSeen) {
                return DONE;
            }
            byte[] bytes = transcoder == null ? data.clone() : transcoder.transcode(data, 0, data.length, end);
            endSeen = end;
            if (thread == null) {
                thread = threads.newThread(this::drain);
                thread.start();
            }
            Chunk chunk = new Chunk(bytes, end, new CompletableFuture<>());
            if (waiting.isEmpty() && (queuedBytes == 0 || queuedBytes + bytes.length <= limit)) {
                queue(chunk);
                return DONE;
            }
            waiting.add(chunk);
            return chunk.accepted;
        }
    }

    /** Drops everything queued and everything sent later; closes stdin. Used when the process exited or goes away. */
    void discard() {
        List<Chunk> dropped;
        boolean startedWriter;
        synchronized (this) {
            if (discarding) {
                return;
            }
            discarding = true;
            dropped = new ArrayList<>(waiting);
            waiting.clear();
            queued.clear();
            queuedBytes = 0;
            notifyAll();
            startedWriter = thread != null;
        }
        complete(dropped);
        if (!startedWriter) {
            closeQuietly(); // otherwise the writer thread closes the stream once it is out of write()
        }
    }

    private void queue(Chunk chunk) {
        queued.add(chunk);
        queuedBytes += chunk.data.length;
        notifyAll();
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
                List<Chunk> admitted = new ArrayList<>();
                synchronized (this) {
                    if (queued.peek() == chunk) {
                        queued.poll();
                        queuedBytes -= chunk.data.length;
                    }
                    while (!waiting.isEmpty()
                            && (queuedBytes == 0 || queuedBytes + waiting.peek().data.length <= limit)) {
                        Chunk next = waiting.poll();
                        queue(next);
                        admitted.add(next);
                    }
                }
                complete(admitted);
                if (chunk.end) {
                    break;
                }
            }
        } catch (IOException e) {
            // Broken pipe: the process closed stdin or exited. Later input is discarded.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Chunk> dropped;
        synchronized (this) {
            discarding = true;
            dropped = new ArrayList<>(waiting);
            waiting.clear();
            queued.clear();
            queuedBytes = 0;
        }
        complete(dropped);
        closeQuietly();
    }

    private void complete(List<Chunk> chunks) {
        if (chunks.isEmpty()) {
            return;
        }
        Runnable task = () -> chunks.forEach(c -> c.accepted.complete(null));
        try {
            completer.execute(task);
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
