package io.openwinrm.server.command;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The two output streams of one command: an {@link OutputBuffer} per stream, both within the shell's
 * {@link OutputBudget}, each fed by its own
 * {@link OutputPump} thread, and the rule that splits what is buffered into one Receive's worth
 * ([MS-WSMV] 3.1.4.14). Thread-safe.
 */
final class CommandOutput {

    private static final byte[] EMPTY = new byte[0];

    /** Bytes taken for one receive, and whether each stream has now been delivered completely. */
    record Chunk(byte[] stdout, byte[] stderr, boolean stdoutEnd, boolean stderrEnd) {
        boolean isEmpty() {
            return stdout.length == 0 && stderr.length == 0;
        }
    }

    private final OutputBuffer stdout;
    private final OutputBuffer stderr;
    private volatile OutputPump outPump;
    private volatile OutputPump errPump;

    /** @param budget the shell's output budget, which both streams draw on */
    CommandOutput(OutputBudget budget) {
        stdout = new OutputBuffer(budget);
        stderr = new OutputBuffer(budget);
    }

    /**
     * Starts one pump thread per stream.
     *
     * @param onProgress called, holding no lock, whenever bytes or an end of stream were published
     * @param threads    makes an unstarted thread for a role ("stdout", "stderr") and its task
     */
    void start(LaunchedProcess process, Codepage codepage, Runnable onProgress,
               BiFunction<String, Runnable, Thread> threads) {
        outPump = new OutputPump(process.stdout(), stdout, transcoder(codepage), onProgress);
        errPump = new OutputPump(process.stderr(), stderr, transcoder(codepage), onProgress);
        threads.apply(RunningCommand.STDOUT, outPump).start();
        threads.apply(RunningCommand.STDERR, errPump).start();
    }

    /** Completes when both pump threads have finished. */
    CompletableFuture<Void> finished() {
        return CompletableFuture.allOf(outPump.finished(), errPump.finished());
    }

    /** Both pipes reached their end (or were given up on): nothing more will be buffered. */
    boolean ended() {
        return stdout.isEof() && stderr.isEof();
    }

    boolean hasData(boolean wantOut, boolean wantErr) {
        return (wantOut && stdout.available() > 0) || (wantErr && stderr.available() > 0);
    }

    /**
     * Takes up to {@code maxBytes} in total: stdout first, but stderr, when it has data, gets up to half of
     * {@code maxBytes} so a flood of stdout cannot starve it.
     */
    Chunk take(boolean wantOut, boolean wantErr, int maxBytes) {
        int outAvail = wantOut ? stdout.available() : 0;
        int errAvail = wantErr ? stderr.available() : 0;
        int errShare = Math.min(errAvail, maxBytes / 2);
        int outTake = Math.min(outAvail, maxBytes - errShare);
        int errTake = Math.min(errAvail, maxBytes - outTake);
        byte[] out = outTake > 0 ? stdout.take(outTake) : EMPTY;
        byte[] err = errTake > 0 ? stderr.take(errTake) : EMPTY;
        return new Chunk(out, err, stdout.isDrained(), stderr.isDrained());
    }

    /** Drops whatever is buffered and frees the buffers; pumps stop at their next read. */
    void release() {
        stdout.release();
        stderr.release();
    }

    /**
     * Ends every stream whose pump has been blocked in a silent pipe read for {@code graceNanos} (a background child
     * holding the pipe after the process exited). A pump waiting for buffer space is never cut short.
     */
    void endSilentStreams(long graceNanos) {
        if (!stdout.isEof() && outPump.quietFor(graceNanos)) {
            outPump.forceEnd();
        }
        if (!stderr.isEof() && errPump.quietFor(graceNanos)) {
            errPump.forceEnd();
        }
    }

    /** Drop mode for both streams, see {@link OutputBuffer#dropWhenFull}. */
    void dropWhenFull(boolean value) {
        stdout.dropWhenFull(value);
        stderr.dropWhenFull(value);
    }

    long droppedStdout() {
        return stdout.droppedBytes();
    }

    long droppedStderr() {
        return stderr.droppedBytes();
    }

    long stdoutBytes() {
        return outPump == null ? 0 : outPump.bytesRead();
    }

    long stderrBytes() {
        return errPump == null ? 0 : errPump.bytesRead();
    }

    private static StreamTranscoder transcoder(Codepage codepage) {
        return codepage.isUtf8() ? null : new StreamTranscoder(StandardCharsets.UTF_8, codepage.charset());
    }
}
