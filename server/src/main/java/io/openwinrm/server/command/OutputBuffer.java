package io.openwinrm.server.command;

import java.util.ArrayDeque;

/**
 * The buffered output of one pipe between its producer (one {@link OutputPump}) and receives (consumers): a queue of
 * segments whose memory is taken from an {@link OutputBudget} (the shell's, within the server's) before a segment is
 * kept, and given back as soon as a receive has taken all of it. When the budget has no room the producer waits,
 * which stops it reading the pipe and so eventually blocks the process: output is never lost and never held beyond
 * the budgets, whatever the client does; and a client that sends all its input before its first receive (pywinrm's
 * {@code send_command_input}) can have as much output buffered as the shell's budget allows.
 *
 * <p>Each segment is charged its length plus {@value #SEGMENT_OVERHEAD} bytes for the array header and queue slot, so
 * a trickle of tiny writes cannot hold much more heap than it is charged.
 *
 * <p>In drop mode (a disconnected shell with BufferMode Drop, [MS-WSMV] 2.2.5.10) a producer that finds no room does
 * not wait while this buffer has something to discard: the oldest segment is discarded and counted in
 * {@link #droppedBytes()}, so the bytes a consumer takes plus the dropped count always equal the bytes written. (When
 * other streams hold all of the budget and this one holds nothing, it waits as in block mode.)
 */
final class OutputBuffer {

    /** Bytes charged per segment beyond its payload. */
    static final int SEGMENT_OVERHEAD = 32;
    /** Largest segment kept; longer writes are split. */
    static final int MAX_SEGMENT = 64 * 1024;
    private static final byte[] NONE = new byte[0];

    private final OutputBudget budget;
    // guarded by this
    private final ArrayDeque<byte[]> segments = new ArrayDeque<>();
    private int headOffset;
    private long size;
    private long dropped;
    private boolean producerWaiting;
    private boolean dropping;
    // written under this, read without it by the budget's stop condition
    private volatile boolean eof;
    private volatile boolean released;

    OutputBuffer(OutputBudget budget) {
        this.budget = budget;
    }

    // ---- producer side -------------------------------------------------------------------------------------------

    /**
     * Copies {@code len} bytes in, waiting while the budget has no room (in drop mode discarding the oldest bytes
     * instead, see the class comment).
     *
     * @return false if the stream was ended or released before everything was written (the rest is dropped)
     */
    boolean write(byte[] src, int off, int len) throws InterruptedException {
        while (len > 0) {
            int n = Math.min(len, MAX_SEGMENT);
            if (!reserve(n + SEGMENT_OVERHEAD)) {
                return false;
            }
            byte[] segment = new byte[n];
            System.arraycopy(src, off, segment, 0, n);
            boolean kept;
            synchronized (this) {
                kept = !eof && !released;
                if (kept) {
                    segments.add(segment);
                    size += n;
                }
            }
            if (!kept) {
                budget.release(n + SEGMENT_OVERHEAD);
                return false;
            }
            off += n;
            len -= n;
        }
        return true;
    }

    /** Takes {@code charge} bytes from the budget; false if the stream ended or was released first. */
    private boolean reserve(int charge) throws InterruptedException {
        while (true) {
            if (eof || released) {
                return false;
            }
            if (budget.tryAcquire(charge)) {
                return true;
            }
            long freed = 0;
            synchronized (this) {
                if (dropping && !segments.isEmpty()) {
                    freed = discardOldest();
                } else {
                    producerWaiting = true;
                }
            }
            if (freed > 0) {
                budget.release(freed);
                continue;
            }
            try {
                if (budget.acquire(charge, this::stopWaiting)) {
                    return true;
                }
            } finally {
                synchronized (this) {
                    producerWaiting = false;
                }
            }
        }
    }

    /** Stop condition of a waiting producer; called holding the budget lock. */
    private boolean stopWaiting() {
        if (eof || released) {
            return true;
        }
        synchronized (this) {
            return dropping && !segments.isEmpty();
        }
    }

    /** Removes the oldest segment, counting its unread bytes as dropped; returns its charge. Caller holds the lock. */
    private long discardOldest() {
        byte[] oldest = segments.poll();
        int unread = oldest.length - headOffset;
        headOffset = 0;
        size -= unread;
        dropped += unread;
        return oldest.length + SEGMENT_OVERHEAD;
    }

    /** Switches drop mode on (no room: discard the oldest bytes) or off (no room: the producer waits). */
    void dropWhenFull(boolean value) {
        synchronized (this) {
            dropping = value;
        }
        budget.wakeUp();
    }

    /** Bytes discarded in drop mode so far. */
    synchronized long droppedBytes() {
        return dropped;
    }

    /** Marks the end of the stream: the pipe reached EOF, or it was given up on. Later writes are dropped. */
    void markEof() {
        synchronized (this) {
            eof = true;
        }
        budget.wakeUp();
    }

    // ---- consumer side -------------------------------------------------------------------------------------------

    /** Buffered bytes (at most {@link Integer#MAX_VALUE} reported). */
    synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** Removes and returns up to {@code max} bytes (possibly none), giving their memory back to the budget. */
    byte[] take(int max) {
        byte[] out;
        long freed = 0;
        synchronized (this) {
            int n = (int) Math.min(max, size);
            if (n == 0) {
                return NONE;
            }
            out = new byte[n];
            int copied = 0;
            while (copied < n) {
                byte[] head = segments.peek();
                int part = Math.min(n - copied, head.length - headOffset);
                System.arraycopy(head, headOffset, out, copied, part);
                copied += part;
                headOffset += part;
                if (headOffset == head.length) {
                    segments.poll();
                    headOffset = 0;
                    freed += head.length + SEGMENT_OVERHEAD;
                }
            }
            size -= n;
        }
        budget.release(freed);
        return out;
    }

    /** The stream ended (no more bytes will be added). */
    boolean isEof() {
        return eof;
    }

    /** The stream ended and every byte was taken. */
    synchronized boolean isDrained() {
        return eof && size == 0;
    }

    /** The producer is waiting for room in the budget. */
    synchronized boolean isProducerWaiting() {
        return producerWaiting;
    }

    /** Drops the content, gives its memory back and makes the producer stop; used when the command goes away. */
    void release() {
        long freed = 0;
        synchronized (this) {
            released = true;
            for (byte[] segment : segments) {
                freed += segment.length + SEGMENT_OVERHEAD;
            }
            segments.clear();
            headOffset = 0;
            size = 0;
        }
        budget.release(freed);
        budget.wakeUp();
    }
}
