package io.openwinrm.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Drop mode of {@link OutputBuffer} (BufferMode Drop of a disconnected shell, [MS-WSMV] 2.2.5.10). */
class OutputBufferDropTest {

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + i / 251);
        }
        return b;
    }

    @Test
    void neverBlocksAndKeepsTheNewestBytesWithAnExactDropCount() throws Exception {
        OutputBudget budget = OutputBudget.root(1 << 20).child(20_000);
        OutputBuffer buffer = new OutputBuffer(budget);
        buffer.dropWhenFull(true);
        byte[] data = pattern(100_000);
        // would block forever without drop mode: nobody takes
        for (int off = 0; off < data.length; off += 1000) {
            assertThat(buffer.write(data, off, 1000)).isTrue();
        }
        assertThat(budget.used()).isLessThanOrEqualTo(20_000);
        byte[] kept = buffer.take(Integer.MAX_VALUE);
        assertThat(kept.length).isBetween(1, 20_000);
        assertThat(buffer.droppedBytes() + kept.length).isEqualTo(data.length);
        assertThat(kept).isEqualTo(Arrays.copyOfRange(data, data.length - kept.length, data.length));
    }

    @Test
    void switchingDropModeOnReleasesABlockedProducerAndOffBlocksAgain() throws Exception {
        OutputBuffer buffer = new OutputBuffer(OutputBudget.root(1 << 20).child(100_000));
        byte[] data = pattern(300_000);
        CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> {
            try {
                return buffer.write(data, 0, data.length);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!buffer.isProducerWaiting() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(buffer.isProducerWaiting()).isTrue();
        assertThat(buffer.droppedBytes()).isZero();
        buffer.dropWhenFull(true);
        assertThat(writer.get(5, TimeUnit.SECONDS)).isTrue();
        buffer.dropWhenFull(false);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(buffer.take(Integer.MAX_VALUE));
        assertThat(out.size() + buffer.droppedBytes()).isEqualTo(data.length);
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(data, (int) buffer.droppedBytes(), data.length));

        // Block mode again: a full buffer pauses the producer and drops nothing
        byte[] more = pattern(150_000);
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return buffer.write(more, 0, more.length);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long dropped = buffer.droppedBytes();
        Thread.sleep(100);
        assertThat(blocked).isNotDone();
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        while (rest.size() < more.length) {
            rest.writeBytes(buffer.take(1024));
        }
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(rest.toByteArray()).isEqualTo(more);
        assertThat(buffer.droppedBytes()).isEqualTo(dropped);
    }
}
