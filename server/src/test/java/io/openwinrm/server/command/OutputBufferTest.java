package io.openwinrm.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link OutputBuffer} within its {@link OutputBudget}s: the accounting, the backpressure and the release. */
class OutputBufferTest {

    private static final int SEG = OutputBuffer.SEGMENT_OVERHEAD;

    @Test
    void preservesOrderAcrossSegmentsAndPartialTakes() throws Exception {
        OutputBuffer buffer = new OutputBuffer(OutputBudget.root(1 << 20));
        assertThat(buffer.write(bytes(0, 6), 0, 6)).isTrue();
        assertThat(buffer.take(4)).containsExactly(bytes(0, 4));
        assertThat(buffer.write(bytes(6, 6), 0, 6)).isTrue();
        assertThat(buffer.available()).isEqualTo(8);
        assertThat(buffer.take(100)).containsExactly(bytes(4, 8));
        assertThat(buffer.available()).isZero();
    }

    @Test
    void chargesEverySegmentAndGivesItBackWhenTakenCompletely() throws Exception {
        OutputBudget server = OutputBudget.root(1 << 20);
        OutputBudget shell = server.child(1 << 20);
        OutputBuffer buffer = new OutputBuffer(shell);
        buffer.write(bytes(0, 1000), 0, 1000);
        buffer.write(bytes(1, 200_000), 0, 200_000); // split into segments of at most MAX_SEGMENT
        int segments = 1 + (200_000 + OutputBuffer.MAX_SEGMENT - 1) / OutputBuffer.MAX_SEGMENT;
        assertThat(shell.used()).isEqualTo(201_000L + (long) segments * SEG);
        assertThat(server.used()).isEqualTo(shell.used());

        buffer.take(999); // the first segment is not consumed completely: still charged
        assertThat(shell.used()).isEqualTo(201_000L + (long) segments * SEG);
        buffer.take(1);
        assertThat(shell.used()).isEqualTo(200_000L + (long) (segments - 1) * SEG);
        buffer.take(Integer.MAX_VALUE);
        assertThat(shell.used()).isZero();
        assertThat(server.used()).isZero();
    }

    @Test
    void theShellBudgetPausesTheProducerUntilAReceiveTakesSomething() throws Exception {
        OutputBudget shell = OutputBudget.root(1 << 20).child(100_000);
        OutputBuffer buffer = new OutputBuffer(shell);
        byte[] data = bytes(3, 300_000);
        CompletableFuture<Boolean> writer = writeAsync(buffer, data);
        waitUntil(buffer::isProducerWaiting);
        assertThat(writer).isNotDone();
        assertThat(shell.used()).isLessThanOrEqualTo(100_000);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (received.size() < data.length) {
            received.writeBytes(buffer.take(7_000));
            assertThat(shell.used()).isLessThanOrEqualTo(100_000);
            if (buffer.available() == 0) {
                Thread.sleep(1);
            }
        }
        assertThat(writer.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received.toByteArray()).isEqualTo(data);
        assertThat(shell.used()).isZero();
    }

    @Test
    void theServerBudgetPausesAShellWithinItsOwnBudgetUntilAnotherShellIsReceived() throws Exception {
        OutputBudget server = OutputBudget.root(150_000);
        OutputBuffer first = new OutputBuffer(server.child(1 << 20));
        OutputBuffer second = new OutputBuffer(server.child(1 << 20));
        assertThat(first.write(bytes(0, 120_000), 0, 120_000)).isTrue();
        byte[] data = bytes(9, 60_000);
        CompletableFuture<Boolean> writer = writeAsync(second, data);
        waitUntil(second::isProducerWaiting);
        assertThat(second.available()).isZero(); // 60,000 + overhead does not fit beside 120,000 + overhead
        assertThat(server.used()).isLessThanOrEqualTo(150_000);
        first.take(Integer.MAX_VALUE); // the other shell's client receives: memory goes back to the server budget
        assertThat(writer.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(second.take(Integer.MAX_VALUE)).isEqualTo(data);
        assertThat(server.used()).isZero();
    }

    @Test
    void releaseUnblocksTheProducerDropsTheContentAndGivesTheMemoryBack() throws Exception {
        OutputBudget shell = OutputBudget.root(1 << 20).child(100_000);
        OutputBuffer buffer = new OutputBuffer(shell);
        CompletableFuture<Boolean> writer = writeAsync(buffer, bytes(0, 300_000));
        waitUntil(buffer::isProducerWaiting);
        assertThat(shell.used()).isPositive();
        buffer.release();
        assertThat(writer.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(buffer.available()).isZero();
        assertThat(shell.used()).isZero();
    }

    @Test
    void theEndOfTheStreamUnblocksTheProducerAndLaterWritesAreNotCharged() throws Exception {
        OutputBudget shell = OutputBudget.root(1 << 20).child(100_000);
        OutputBuffer buffer = new OutputBuffer(shell);
        CompletableFuture<Boolean> writer = writeAsync(buffer, bytes(0, 300_000));
        waitUntil(buffer::isProducerWaiting);
        long used = shell.used();
        buffer.markEof();
        assertThat(writer.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(buffer.write(bytes(0, 10), 0, 10)).isFalse();
        assertThat(shell.used()).isEqualTo(used);
        assertThat(buffer.isDrained()).isFalse();
        buffer.take(Integer.MAX_VALUE);
        assertThat(buffer.isDrained()).isTrue();
        assertThat(shell.used()).isZero();
    }

    @Test
    void aRequestLargerThanABudgetIsRefusedRatherThanWaitedForForever() {
        OutputBudget shell = OutputBudget.root(100).child(1000);
        assertThatThrownBy(() -> shell.acquire(500, () -> false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(shell.tryAcquire(100)).isTrue();
        assertThat(shell.tryAcquire(1)).isFalse();
        shell.release(100);
        assertThat(shell.used()).isZero();
    }

    private static CompletableFuture<Boolean> writeAsync(OutputBuffer buffer, byte[] data) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return buffer.write(data, 0, data.length);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static byte[] bytes(int from, int count) {
        byte[] result = new byte[count];
        for (int i = 0; i < count; i++) {
            result[i] = (byte) (from + i);
        }
        return result;
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached");
            }
            Thread.sleep(5);
        }
    }
}
