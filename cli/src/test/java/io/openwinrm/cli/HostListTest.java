package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostListTest {

    private static final Supplier<InputStream> NO_STDIN = () -> {
        throw new AssertionError("standard input read");
    };

    @Test
    void valuesFilesAndStdinInOrderWithoutDuplicates(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hosts");
        Files.writeString(file, "# comment\r\nb\r\n\t c:5986  # trailing\n\nhttps://d/wsman\na\n");
        Supplier<InputStream> stdin = () -> new ByteArrayInputStream("e\nb\n".getBytes(StandardCharsets.UTF_8));
        assertThat(HostList.expand(List.of("a", "@" + file, "@-", " f "), stdin))
                .containsExactly("a", "b", "c:5986", "https://d/wsman", "e", "f");
    }

    @Test
    void badListsAreUsageErrors(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "# nothing\n\n");
        assertThatThrownBy(() -> HostList.expand(List.of("@" + empty), NO_STDIN))
                .hasMessage("host list " + empty + " names no host");
        Path two = Files.writeString(dir.resolve("two"), "a b\n");
        assertThatThrownBy(() -> HostList.expand(List.of("@" + two), NO_STDIN))
                .hasMessage("host list " + two + ": 'a b' is not one host (one per line)");
        Path binary = Files.write(dir.resolve("bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
        assertThatThrownBy(() -> HostList.expand(List.of("@" + binary), NO_STDIN))
                .hasMessage("host list " + binary + " is not UTF-8 text");
        assertThatThrownBy(() -> HostList.expand(List.of("@" + dir), NO_STDIN))
                .hasMessage("host list " + dir + " is not a regular file");
        assertThatThrownBy(() -> HostList.expand(List.of("@/dev/zero"), NO_STDIN))
                .hasMessage("host list /dev/zero is not a regular file");
        assertThatThrownBy(() -> HostList.expand(List.of("@-"), () -> new InfiniteInput()))
                .hasMessage("host list on standard input is larger than 4 MiB");
        assertThatThrownBy(() -> HostList.expand(List.of(" "), NO_STDIN)).hasMessage("no host given");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> HostList.expand(List.of("@" + missing), NO_STDIN))
                .isInstanceOf(CliException.class).hasMessage("host list " + missing + " does not exist");
    }

    @Test
    void tooManyHosts(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= HostList.MAX_HOSTS; i++) {
            sb.append("h").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("many"), sb);
        assertThatThrownBy(() -> HostList.expand(List.of("@" + file), NO_STDIN))
                .hasMessage("more than " + HostList.MAX_HOSTS + " hosts");
    }

    /** Standard input that never ends (a device, a pipe from yes). */
    private static final class InfiniteInput extends InputStream {
        @Override
        public int read() {
            return 'a';
        }
    }
}
