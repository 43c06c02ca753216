package io.openwinrm.server.command;

/**
 * Bounded ring buffer between one output pipe (single producer: an {@link OutputPump}) and receives (consumers).
 * When it is full the producer blocks, which stops reading the pipe and so eventually blocks the child: memory use
 * per stream never exceeds the capacity, whatever the client does.
 *
 * <p>The producer reads straight from the pipe into the ring ({@link #array()} at {@link #tail()}, up to
 * {@link #awaitWritable()} bytes) and then {@link #commit(int)}s; consumers only ever touch committed bytes, so the
 * region being filled needs no lock.
 *
 * <p>The ring starts at {@value #INITIAL_BYTES} bytes and doubles, up to the capacity, only when a consumer falls
 * behind (the ring is more than half full when the producer asks for room); it is freed on {@link #release()}. So
 * thousands of short commands cost little memory. Growth happens inside {@link #awaitWritable()}, i.e. only while
 * the single producer is not reading into the array, so the array it then fetches stays valid for its read.
 *
 * <p>In drop mode (a disconnected shell with BufferMode Drop, [MS-WSMV] 2.2.5.10) a full buffer does not block the
 * producer: the oldest eighth of the (full-size) ring is discarded and counted in {@link #droppedBytes()}, so the
 * bytes a consumer takes plus the dropped count always equal the bytes committed.
 */
final class OutputBuffer {

    static final int INITIAL_BYTES = 16 * 1024;
    private static final byte[] NONE = new byte[0];

    private final int capacity;
    private byte[] ring;
    private int head;
    private int size;
    private int tail;
    private boolean eof;
    private boolean released;
    private boolean producerWaiting;
    private boolean dropping;
    private long dropped;

    OutputBuffer(int capacity) {
        this.capacity = capacity;
        ring = new byte[Math.min(capacity, INITIAL_BYTES)];
    }

    // ---- producer side -------------------------------------------------------------------------------------------

    /** The current ring; fetch it again after every {@link #awaitWritable()}, which may replace it. */
    synchronized byte[] array() {
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
        if (ring.length < capacity && size >= ring.length / 2 && !released) {
            grow();
        }
        while (size == ring.length && !eof && !released) {
            if (dropping && ring.length == capacity) {
                discardOldest(Math.max(1, ring.length / 8));
                break;
            }
            if (dropping) {
                grow();
                break;
            }
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
        if (n == 0) {
            return;
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
            System.arraycopy(src, off, array(), tail(), n);
            commit(n);
            off += n;
            len -= n;
        }
        return true;
    }

    private void discardOldest(int n) {
        head = (head + n) % ring.length;
        size -= n;
        dropped += n;
    }

    /** Switches drop mode on (full buffer discards oldest bytes) or off (full buffer blocks the producer). */
    synchronized void dropWhenFull(boolean value) {
        dropping = value;
        notifyAll();
    }

    /** Bytes discarded in drop mode so far. */
    synchronized long droppedBytes() {
        return dropped;
    }

    private void grow() {
        byte[] bigger = new byte[(int) Math.min(capacity, 2L * ring.length)];
        int first = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, bigger, 0, first);
        System.arraycopy(ring, 0, bigger, first, size - first);
        ring = bigger;
        head = 0;
        tail = size % bigger.length;
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
        if (n == 0) {
            return NONE;
        }
        byte[] out = new byte[n];
        int first = Math.min(n, ring.length - head);
        System.arraycopy(ring, head, out, 0, first);
        System.arraycopy(ring, 0, out, first, n - first);
        head = (head + n) % ring.length;
        size -= n;
        notifyAll();
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
        head = 0;
        tail = 0;
        ring = NONE;
        notifyAll();
    }
}
