package io.openwinrm.os.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PipesTest {

    /**
     * Bytes written at offsets, in pieces larger and smaller than the streams' native buffer (64 KiB), come out the
     * other end unchanged, read at offsets in odd sizes, while the collector runs (the native buffers must survive
     * it); then end of stream.
     */
    @Test
    @Timeout(60)
    void bytesSurviveThePipeAtAnyOffsetAndSize() throws Exception {
        byte[] data = new byte[5 * Pipes.NATIVE_BUFFER + 12345];
        new Random(7).nextBytes(data);
        int[] fds = Pipes.pipe();
        InputStream in = Pipes.input(fds[0]);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Pipes.output(fds[1])) {
                int[] sizes = {1, 1000, Pipes.NATIVE_BUFFER, Pipes.NATIVE_BUFFER + 1, 3 * Pipes.NATIVE_BUFFER};
                int at = 0;
                for (int i = 0; at < data.length; i++) {
                    int n = Math.min(sizes[i % sizes.length], data.length - at);
                    byte[] framed = new byte[n + 10];
                    System.arraycopy(data, at, framed, 7, n);
                    out.write(framed, 7, n);
                    at += n;
                    if (i % 3 == 0) {
                        System.gc();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[100_003];
        int n;
        while ((n = in.read(buf, 5, 77_777)) > 0) {
            got.write(buf, 5, n);
        }
        assertThat(n).isEqualTo(-1);
        writer.get(30, TimeUnit.SECONDS);
        assertThat(Arrays.equals(got.toByteArray(), data)).as("the bytes read are the bytes written").isTrue();
        in.close();
        assertThatThrownBy(() -> in.read(buf, 0, 1)).hasMessage("stream closed");
    }

    @Test
    void rangesOutsideTheArrayAreRefused() throws Exception {
        int[] fds = Pipes.pipe();
        try (InputStream in = Pipes.input(fds[0]); OutputStream out = Pipes.output(fds[1])) {
            assertThatThrownBy(() -> out.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> in.read(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
