package io.openwinrm.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.command.StdinWriter.InputBounds;
import io.openwinrm.server.shell.Quota;
import io.openwinrm.server.shell.QuotaExceededException;
import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one command's stdin may hold (issue 9, finding 5): the queue, a bounded number of waiting Sends with a
 * deadline, refusals beyond that, and nothing of a timed-out Send left behind.
 */
@Timeout(20)
class StdinWriterTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final String CMD = "CAFE0000-0000-4000-8000-000000000001";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final StalledStream stdin = new StalledStream();

    @AfterEach
    void stop() {
        stdin.open();
        scheduler.shutdownNow();
    }

    /** A process's stdin that takes nothing until {@link #open()}ed, like a process that does not read. */
    private static final class StalledStream extends OutputStream {
        private final CountDownLatch opened = new CountDownLatch(1);
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void write(int b) throws InterruptedIOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws InterruptedIOException {
            try {
                opened.await();
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
            synchronized (written) {
                written.write(b, off, len);
            }
        }

        @Override
        public void close() {
            closed.countDown();
        }

        void open() {
            opened.countDown();
        }

        byte[] writtenWhenClosed() throws InterruptedException {
            assertThat(closed.await(5, TimeUnit.SECONDS)).as("stdin closed").isTrue();
            synchronized (written) {
                return written.toByteArray();
            }
        }
    }

    private StdinWriter writer(InputBounds bounds) {
        return writer(bounds, null);
    }

    private StdinWriter writer(InputBounds bounds, StreamTranscoder transcoder) {
        return new StdinWriter(stdin, transcoder, bounds, scheduler, r -> {
            Thread t = new Thread(r, "stdin-test");
            t.setDaemon(true);
            return t;
        });
    }

    private static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void beyondTheBoundOnWaitingSendsASendIsRefusedAtOnceAndNothingOfItIsHeld() {
        StdinWriter w = writer(new InputBounds(8192, 2, 1 << 20));
        assertThat(w.send(CMD, bytes(8192, 'a'), false, LONG)).isCompletedWithValue(SendOutcome.ACCEPTED);
        CompletableFuture<SendOutcome> second = w.send(CMD, bytes(8192, 'b'), false, LONG);
        CompletableFuture<SendOutcome> third = w.send(CMD, bytes(100, 'c'), false, LONG);
        assertThat(second).isNotDone();
        assertThat(third).isNotDone();
        assertThatThrownBy(() -> w.send(CMD, bytes(1, 'd'), false, LONG))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.quota()).isEqualTo(Quota.WAITING_INPUT);
                    assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("Command " + CMD,
                            "2 Sends (8292 bytes) already wait", "at most 2 Sends and 1048576 bytes may wait"));
                });
        assertThat(w.heldBytes()).isEqualTo(8192 + 8192 + 100);
    }

    @Test
    void theBytesOfWaitingSendsAreBoundedButOneSendMayAlwaysWait() {
        StdinWriter w = writer(new InputBounds(4096, 10, 10_000));
        w.send(CMD, bytes(4096, 'a'), false, LONG);
        CompletableFuture<SendOutcome> big = w.send(CMD, bytes(20_000, 'b'), false, LONG); // alone: may wait
        assertThat(big).isNotDone();
        assertThatThrownBy(() -> w.send(CMD, bytes(1, 'c'), false, LONG))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.quota()).isEqualTo(Quota.WAITING_INPUT));
        assertThat(w.heldBytes()).isEqualTo(4096 + 20_000);
    }

    @Test
    void aSendThatFindsNoRoomInTimeTimesOutAndLeavesNothingBehind() throws Exception {
        StdinWriter w = writer(new InputBounds(4096, 4, 1 << 20));
        w.send(CMD, "first ".getBytes(StandardCharsets.US_ASCII), false, LONG);
        w.send(CMD, bytes(4090, 'x'), false, LONG); // the queue is full now
        long started = System.nanoTime();
        CompletableFuture<SendOutcome> late = w.send(CMD, "lost ".getBytes(StandardCharsets.US_ASCII), false,
                Duration.ofMillis(300));
        assertThat(late.get(5, TimeUnit.SECONDS)).isEqualTo(SendOutcome.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250),
                Duration.ofSeconds(3));
        assertThat(w.heldBytes()).isEqualTo(6 + 4090);

        stdin.open(); // the process reads again: the client sends the timed-out input again, and ends
        assertThat(w.send(CMD, "again".getBytes(StandardCharsets.US_ASCII), true, LONG).get(5, TimeUnit.SECONDS))
                .isEqualTo(SendOutcome.ACCEPTED);
        String written = new String(stdin.writtenWhenClosed(), StandardCharsets.US_ASCII);
        assertThat(written).isEqualTo("first " + "x".repeat(4090) + "again");
    }

    @Test
    void anEndOfInputThatTimedOutIsNotTakenAsTheEnd() throws Exception {
        StdinWriter w = writer(new InputBounds(16, 4, 1 << 20));
        w.send(CMD, bytes(16, 'a'), false, LONG);
        assertThat(w.send(CMD, bytes(8, 'b'), true, Duration.ofMillis(100)).get(5, TimeUnit.SECONDS))
                .isEqualTo(SendOutcome.TIMED_OUT);
        stdin.open();
        assertThat(w.send(CMD, bytes(8, 'c'), true, LONG).get(5, TimeUnit.SECONDS)).isEqualTo(SendOutcome.ACCEPTED);
        assertThat(new String(stdin.writtenWhenClosed(), StandardCharsets.US_ASCII))
                .isEqualTo("a".repeat(16) + "c".repeat(8));
    }

    @Test
    void waitingSendsAreAcceptedInOrderAsTheProcessReads() throws Exception {
        StdinWriter w = writer(new InputBounds(4, 4, 1 << 20));
        w.send(CMD, bytes(4, '1'), false, LONG);
        CompletableFuture<SendOutcome> two = w.send(CMD, bytes(4, '2'), false, LONG);
        CompletableFuture<SendOutcome> three = w.send(CMD, bytes(4, '3'), true, LONG);
        assertThat(two).isNotDone();
        stdin.open();
        assertThat(two.get(5, TimeUnit.SECONDS)).isEqualTo(SendOutcome.ACCEPTED);
        assertThat(three.get(5, TimeUnit.SECONDS)).isEqualTo(SendOutcome.ACCEPTED);
        assertThat(new String(stdin.writtenWhenClosed(), StandardCharsets.US_ASCII)).isEqualTo("111122223333");
        assertThat(w.heldBytes()).isZero();
    }

    @Test
    void aTimedOutSendLeavesNoTraceInTheCodepageConversion() throws Exception {
        StreamTranscoder shiftJis = new StreamTranscoder(Charset.forName("Shift_JIS"), StandardCharsets.UTF_8);
        StdinWriter w = writer(new InputBounds(4, 4, 1 << 20), shiftJis);
        w.send(CMD, "abcd".getBytes(StandardCharsets.US_ASCII), false, LONG);
        // the first byte of a two-byte character, in a Send that times out
        assertThat(w.send(CMD, new byte[] {(byte) 0x82}, false, Duration.ofMillis(100)).get(5, TimeUnit.SECONDS))
                .isEqualTo(SendOutcome.TIMED_OUT);
        stdin.open();
        w.send(CMD, new byte[] {(byte) 0x82, (byte) 0xA0}, true, LONG).get(5, TimeUnit.SECONDS); // あ
        assertThat(new String(stdin.writtenWhenClosed(), StandardCharsets.UTF_8)).isEqualTo("abcd\u3042");
    }

    @Test
    void discardingAcceptsWhatWaitsAndEverythingLater() throws Exception {
        StdinWriter w = writer(new InputBounds(4, 4, 1 << 20));
        w.send(CMD, bytes(4, 'a'), false, LONG);
        CompletableFuture<SendOutcome> waiting = w.send(CMD, bytes(4, 'b'), false, LONG);
        w.discard();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(SendOutcome.ACCEPTED);
        assertThat(w.send(CMD, bytes(4, 'c'), false, LONG)).isCompletedWithValue(SendOutcome.ACCEPTED);
        assertThat(w.heldBytes()).isZero();
    }
}
