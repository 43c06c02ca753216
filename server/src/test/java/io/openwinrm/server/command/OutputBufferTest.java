package io.openwinrm.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutputBufferTest {

    @Test
    void wrapsAroundAndPreservesOrder() throws Exception {
        OutputBuffer buffer = new OutputBuffer(8);
        assertThat(buffer.write(bytes(0, 6), 0, 6)).isTrue();
        assertThat(buffer.take(4)).containsExactly(bytes(0, 4));
        assertThat(buffer.write(bytes(6, 6), 0, 6)).isTrue(); // crosses the end of the ring
        assertThat(buffer.available()).isEqualTo(8);
        assertThat(buffer.take(100)).containsExactly(bytes(4, 8));
        assertThat(buffer.available()).isZero();
    }

    @Test
    void producerBlocksWhenFullAndResumesAfterTake() throws Exception {
        OutputBuffer buffer = new OutputBuffer(4);
        CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> {
            try {
                return buffer.write(bytes(0, 10), 0, 10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waitUntil(buffer::isProducerWaiting);
        assertThat(writer).isNotDone();
        assertThat(buffer.available()).isEqualTo(4);
        byte[] all = new byte[10];
        int got = 0;
        while (got < 10) {
            byte[] part = buffer.take(3);
            System.arraycopy(part, 0, all, got, part.length);
            got += part.length;
            if (part.length == 0) {
                Thread.sleep(1);
            }
        }
        assertThat(writer.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(all).containsExactly(bytes(0, 10));
    }

    @Test
    void releaseUnblocksProducerAndDropsContent() throws Exception {
        OutputBuffer buffer = new OutputBuffer(4);
        CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> {
            try {
                return buffer.write(bytes(0, 10), 0, 10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waitUntil(buffer::isProducerWaiting);
        buffer.release();
        assertThat(writer.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(buffer.available()).isZero();
    }

    @Test
    void drainedOnlyAfterEofAndEmpty() throws Exception {
        OutputBuffer buffer = new OutputBuffer(16);
        buffer.write(bytes(0, 3), 0, 3);
        buffer.markEof();
        assertThat(buffer.isEof()).isTrue();
        assertThat(buffer.isDrained()).isFalse();
        buffer.commit(0);
        assertThat(buffer.awaitWritable()).isEqualTo(-1);
        buffer.take(3);
        assertThat(buffer.isDrained()).isTrue();
    }

    @Test
    void startsSmallGrowsOnlyWhenTheConsumerLagsAndFreesOnRelease() throws Exception {
        OutputBuffer buffer = new OutputBuffer(1 << 20);
        assertThat(buffer.array()).hasSize(OutputBuffer.INITIAL_BYTES);
        for (int i = 0; i < 100; i++) { // a prompt consumer keeps it small
            buffer.write(bytes(i, 4000), 0, 4000);
            assertThat(buffer.take(4000)).containsExactly(bytes(i, 4000));
        }
        assertThat(buffer.array()).hasSize(OutputBuffer.INITIAL_BYTES);
        buffer.write(bytes(0, 10_000), 0, 10_000);
        buffer.take(3_000); // head is no longer at 0: growth must linearise the ring
        byte[] more = bytes(7, 200_000);
        buffer.write(more, 0, more.length);
        assertThat(buffer.array().length).isGreaterThan(OutputBuffer.INITIAL_BYTES).isLessThanOrEqualTo(1 << 20);
        assertThat(buffer.take(7_000)).containsExactly(Arrays.copyOfRange(bytes(0, 10_000), 3_000, 10_000));
        assertThat(buffer.take(1 << 20)).containsExactly(more);
        buffer.release();
        assertThat(buffer.array()).isEmpty();
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
