package io.openwinrm.os.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UnixSocketTest {

    @Test
    void aMessageCarriesBytesAndWorkingDescriptors() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        int[] pipe = Pipes.pipe();
        pair[0].send("hello".getBytes(StandardCharsets.UTF_8), pipe[0], pipe[1]);
        UnixSocket.quietClose(pipe[0]);
        UnixSocket.quietClose(pipe[1]);
        UnixSocket.Message m = pair[1].receive();
        assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(m.fds()).hasSize(2);
        try (OutputStream out = Pipes.output(m.fds()[1]); InputStream in = Pipes.input(m.fds()[0])) {
            out.write("through the passed pipe".getBytes(StandardCharsets.UTF_8));
            out.close();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("through the passed pipe");
        }
        pair[0].close();
        assertThat(pair[1].receive()).as("end of connection").isNull();
        pair[1].close();
    }

    @Test
    void peerCredentialsAndListening() throws Exception {
        Path dir = Files.createTempDirectory("owsock");
        Path path = dir.resolve("s");
        try (UnixSocket.Listener listener = UnixSocket.listen(path)) {
            Thread t = new Thread(() -> {
                try (UnixSocket c = UnixSocket.connect(path)) {
                    c.send(new byte[] {42});
                    c.receive();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            try (UnixSocket s = listener.accept()) {
                assertThat(s.peer().pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(s.receive().data()).containsExactly(42);
            }
            t.join();
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    @Test
    void oversizedMessagesAreRefused() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        assertThatThrownBy(() -> pair[0].send(new byte[UnixSocket.MAX_MESSAGE + 1])).hasMessageContaining("bytes");
        assertThatThrownBy(() -> pair[0].send(new byte[0])).hasMessageContaining("bytes");
        pair[0].close();
        pair[1].close();
    }

    /**
     * Many senders while the collector runs: every message arrives intact. The native buffers a send builds are
     * reachable only through native pointers; before they were fenced, a compiled send could have them freed
     * mid-call (sendmsg failed with EFAULT under load, losing the monitor's Exited events).
     */
    @Test
    void concurrentSendsSurviveTheCollector() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        int senders = 4;
        int each = 5_000;
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread collector = new Thread(() -> {
            while (!done.get()) {
                System.gc();
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        });
        collector.setDaemon(true);
        collector.start();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(senders);
        java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (int t = 0; t < senders; t++) {
            int sender = t;
            sent.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    byte[] m = new byte[64 + (i % 512)];
                    java.util.Arrays.fill(m, (byte) (sender * 31 + i));
                    m[0] = (byte) sender;
                    pair[0].send(m);
                }
                return null;
            }));
        }
        int[] seen = new int[senders];
        try {
            for (int n = 0; n < senders * each; n++) {
                UnixSocket.Message m = pair[1].receive();
                int sender = m.data()[0];
                assertThat(sender).as("message %d: sender byte (corrupted message)", n).isBetween(0, senders - 1);
                int i = seen[sender]++;
                assertThat(m.data()).hasSize(64 + (i % 512));
                for (int k = 1; k < m.data().length; k++) {
                    if (m.data()[k] != (byte) (sender * 31 + i)) {
                        throw new AssertionError("message " + i + " of sender " + sender + " corrupted at " + k);
                    }
                }
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
            pair[0].close();
            pair[1].close();
        }
    }
}
