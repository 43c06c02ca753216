package io.openwinrm.cli.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.client.Shell;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting a file into parts: contiguous, complete, nearly equal, and only as many as the size is worth. */
class PartsTest {

    @Test
    void partsCoverTheFileExactlyOnce() {
        for (long size : new long[] {0, 1, Parts.MIN_PART - 1, 2 * Parts.MIN_PART, (25L << 20) + 12_345,
                (1L << 30) + 7}) {
            for (int n = 1; n <= Parts.MAX_STREAMS; n++) {
                List<Parts.Part> parts = Parts.split(size, n);
                assertThat(parts).hasSize(n);
                long at = 0;
                for (Parts.Part p : parts) {
                    assertThat(p.offset()).isEqualTo(at);
                    assertThat(p.length()).isBetween(size / n, size / n + 1);
                    at += p.length();
                }
                assertThat(at).isEqualTo(size);
            }
        }
    }

    @Test
    void smallFilesTravelWhole() {
        assertThat(Parts.wanted(0)).isEqualTo(1);
        assertThat(Parts.wanted(2 * Parts.MIN_PART - 1)).isEqualTo(1);
        assertThat(Parts.wanted(2 * Parts.MIN_PART)).isEqualTo(2);
        assertThat(Parts.wanted((25L << 20) + 12_345)).isEqualTo(Parts.MAX_STREAMS);
        assertThat(Parts.wanted(1L << 40)).isEqualTo(Parts.MAX_STREAMS);
    }

    @Test
    void aPartIsReadByByteOffsetAndCount() {
        assertThat(new Parts.Part(5, 7).read("'/x y'"))
                .isEqualTo("dd if='/x y' bs=1M iflag=skip_bytes,count_bytes skip=5 count=7 status=none");
    }

    @Test
    void everyPartRunsAndFailuresComeBackInPartOrder() {
        List<String> failures = Parts.run(3000, Arrays.asList((Shell) null, null, null),
                (shell, part) -> part.offset() == 0 ? null : "part at " + part.offset());
        assertThat(failures).containsExactly("part at 1000", "part at 2000");
    }
}
