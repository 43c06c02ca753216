package io.openwinrm.server.command;

/**
 * Bounded ring buffer between one output pipe (single producer: an {@link OutputPump}) and receives (consumers).
 * When it is full the producer blocks, which stops reading the pipe and so eventually blocks the child: memory use
 * per stream never exceeds the capacity, whatever the client does.
 *
 * <p>The producer reads straight from the pipe into the ring ({@link #array()} at {@link #tail()}, up to
 * {@link #awaitWritable()} bytes) and then {@link #commit(int)}s; consumers only ever touch committed bytes, so the
 * region being filled needs no lock.
 */
final class OutputBuffer {

    private final byte[] ring;
    private int head;
    private int size;
    private int tail;
    private boolean eof;
    private boolean released;
    private boolean producerWaiting;

    OutputBuffer(int capacity) {
        ring = new byte[capacity];
    }

    // ---- producer side -------------------------------------------------------------------------------------------

    byte[] array() {
        return ring;
    }

    synchronized int tail() {
        return tail;
    }

    /**
     * Blocks until there is free space.
     *
     * @return the number of contiguous free bytes at {@link #tail()}, or -1 if the stream was ended or released and
     *         the producer must stop
     */
    synchronized int awaitWritable() throws InterruptedException {
        while (size == ring.length && !eof && !released) {
            producerWaiting = true;
            try {
                wait();
            } finally {
                producerWaiting = false;
            }
        }
        if (eof || released) {
            return -1;
        }
        return Math.min(ring.length - size, ring.length - tail);
    }

    /** Publishes {@code n} bytes the producer placed at {@link #tail()}; discarded if the stream was ended meanwhile. */
    synchronized void commit(int n) {
        if (eof || released) {
            return;
        }
        if (n < 0 || n > ring.length - size || tail + n > ring.length) {
            throw new IllegalArgumentException("commit of " + n + " bytes does not fit");
        }
        size += n;
        tail = (tail + n) % ring.length;
    }

    /**
     * Copies {@code len} bytes in, blocking while the buffer is full.
     *
     * @return false if the stream was ended or released before everything was written (the rest is dropped)
     */
    boolean write(byte[] src, int off, int len) throws InterruptedException {
        while (len > 0) {
            int room = awaitWritable();
            if (room < 0) {
                return false;
            }
            int n = Math.min(room, len);
            int at = tail();
            System.arraycopy(src, off, ring, at, n);
            commit(n);
            off += n;
            len -= n;
        }
        return true;
    }

    /** Marks the end of the stream: the pipe reached EOF, or it was given up on. Later commits are dropped. */
    synchronized void markEof() {
        eof = true;
        notifyAll();
    }

    // ---- consumer side -------------------------------------------------------------------------------------------

    synchronized int available() {
        return size;
    }

    /** Removes and returns up to {@code max} bytes (possibly none), waking a blocked producer. */
    synchronized byte[] take(int max) {
        int n = Math.min(max, size);
        byte[] out = new byte[n];
        int first = Math.min(n, ring.length - head);
        System.arraycopy(ring, head, out, 0, first);
        System.arraycopy(ring, 0, out, first, n - first);
        head = (head + n) % ring.length;
        size -= n;
        if (n > 0) {
            notifyAll();
        }
        return out;
    }

    /** The stream ended (no more bytes will be added). */
    synchronized boolean isEof() {
        return eof;
    }

    /** The stream ended and every byte was taken. */
    synchronized boolean isDrained() {
        return eof && size == 0;
    }

    /** The producer is blocked because the buffer is full. */
    synchronized boolean isProducerWaiting() {
        return producerWaiting;
    }

    /** Drops the content and makes the producer stop; used when the command goes away. */
    synchronized void release() {
        released = true;
        size = 0;
        notifyAll();
    }
}
