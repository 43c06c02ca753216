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
}
