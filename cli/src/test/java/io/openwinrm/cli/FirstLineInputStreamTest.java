package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FirstLineInputStreamTest {

    @Test
    void readsTheFirstLineAndLeavesTheRest() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream("secret\ncd /tmp\npwd\n".getBytes(StandardCharsets.UTF_8));
        FirstLineInputStream first = new FirstLineInputStream(in);
        assertThat(new String(first.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("secret\n");
        assertThat(first.read()).isEqualTo(-1);
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("cd /tmp\npwd\n");
    }

    @Test
    void aLineWithoutTerminatorEndsAtEndOfInput() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream("pw".getBytes(StandardCharsets.UTF_8));
        FirstLineInputStream first = new FirstLineInputStream(in);
        byte[] buf = new byte[10];
        assertThat(first.read(buf, 0, 10)).isEqualTo(2);
        assertThat(first.read(buf, 0, 10)).isEqualTo(-1);
        assertThat(first.read(buf, 0, 0)).isZero();
    }
}
