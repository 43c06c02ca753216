package io.openwinrm.server.command;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Copies one output pipe of a process into its {@link OutputBuffer}, on a dedicated thread, in reads of up to
 * {@value #CHUNK} bytes into a buffer of its own (so a pump blocked in a read holds no budget); with a codepage other
 * than UTF-8 they are transcoded on the way. While the output budget has no room the pump waits in
 * {@link OutputBuffer#write}, reading no more from the pipe, so the process blocks once the pipe is full.
 */
final class OutputPump implements Runnable {

    static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final OutputBuffer buffer;
    private final StreamTranscoder transcoder;
    private final Runnable onProgress;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile long bytesRead;
    private volatile boolean inRead;
    private volatile long readStartedNanos;

    /**
     * @param transcoder null to pass bytes through untouched
     * @param onProgress called (on the pump thread, holding no lock) after new bytes or the end were published
     */
    OutputPump(InputStream in, OutputBuffer buffer, StreamTranscoder transcoder, Runnable onProgress) {
        this.in = in;
        this.buffer = buffer;
        this.transcoder = transcoder;
        this.onProgress = onProgress;
    }

    @Override
    public void run() {
        try {
            if (transcoder == null) {
                pumpRaw();
            } else {
                pumpTranscoded();
            }
        } catch (IOException e) {
            // The pipe was closed under us (process destroyed): that is the end of the stream.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            buffer.markEof();
            closeQuietly();
            // the end is published (the command may become Done) before anyone waiting for the pump goes on: a
            // Receive made once terminated() completed must see the End markers, not only the last data
            try {
                onProgress.run();
            } finally {
                finished.complete(null);
            }
        }
    }

    private void pumpRaw() throws IOException, InterruptedException {
        byte[] chunk = new byte[CHUNK];
        while (true) {
            int n = read(chunk, 0, CHUNK);
            if (n < 0 || !buffer.write(chunk, 0, n)) {
                return;
            }
            bytesRead += n;
            onProgress.run();
        }
    }

    private void pumpTranscoded() throws IOException, InterruptedException {
        byte[] chunk = new byte[CHUNK];
        while (true) {
            int n = read(chunk, 0, CHUNK);
            boolean end = n < 0;
            byte[] converted = transcoder.transcode(chunk, 0, Math.max(n, 0), end);
            if (!buffer.write(converted, 0, converted.length) || end) {
                return;
            }
            bytesRead += n;
            onProgress.run();
        }
    }

    private int read(byte[] into, int off, int len) throws IOException {
        readStartedNanos = System.nanoTime();
        inRead = true;
        try {
            return in.read(into, off, len);
        } finally {
            inRead = false;
        }
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Bytes read from the pipe so far (before transcoding). */
    long bytesRead() {
        return bytesRead;
    }

    /** Whether the pump has been blocked in a pipe read, with room in the buffer, for at least {@code nanos}. */
    boolean quietFor(long nanos) {
        return inRead && System.nanoTime() - readStartedNanos >= nanos;
    }

    /** Gives up on the pipe: the stream counts as ended now and anything read later is dropped. */
    void forceEnd() {
        buffer.markEof();
        onProgress.run();
    }

    /** Completes when the pump thread has finished. */
    CompletableFuture<Void> finished() {
        return finished;
    }
}
