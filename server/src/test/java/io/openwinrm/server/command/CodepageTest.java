package io.openwinrm.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.shell.UnsupportedCodepageException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CodepageTest {

    @Test
    void mapsWindowsCodepagesToCharsets() {
        assertThat(Codepage.of(65001)).isSameAs(Codepage.UTF_8);
        assertThat(Codepage.of(437).charset().name()).isEqualTo("IBM437");
        assertThat(Codepage.of(850).charset().name()).isEqualTo("IBM850");
        assertThat(Codepage.of(1252).charset().name()).isEqualTo("windows-1252");
        assertThat(Codepage.of(28591).charset()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(Codepage.of(20127).charset()).isEqualTo(StandardCharsets.US_ASCII);
    }

    @Test
    void unknownCodepageIsTyped() {
        assertThatThrownBy(() -> Codepage.of(12345))
                .isInstanceOfSatisfying(UnsupportedCodepageException.class, e -> assertThat(e.codepage()).isEqualTo(12345));
    }

    @Test
    void utf8ToCp437KeepsStateAcrossChunks() {
        StreamTranscoder toCp437 = new StreamTranscoder(StandardCharsets.UTF_8, Codepage.of(437).charset());
        byte[] eAcute = "é".getBytes(StandardCharsets.UTF_8); // C3 A9
        byte[] first = toCp437.transcode(new byte[] {'a', eAcute[0]}, 0, 2, false);
        byte[] second = toCp437.transcode(new byte[] {eAcute[1], 'b'}, 0, 2, false);
        assertThat(first).containsExactly('a');
        assertThat(second).containsExactly((byte) 0x82, 'b');
    }

    @Test
    void unmappableAndMalformedBecomeQuestionMarks() {
        StreamTranscoder toCp437 = new StreamTranscoder(StandardCharsets.UTF_8, Codepage.of(437).charset());
        byte[] input = "x€y".getBytes(StandardCharsets.UTF_8);
        assertThat(toCp437.transcode(input, 0, input.length, false)).containsExactly('x', '?', 'y');
        // a truncated sequence at the very end is flushed as '?'
        assertThat(toCp437.transcode(new byte[] {(byte) 0xC3}, 0, 1, true)).containsExactly('?');
    }

    @Test
    void cp437InputBecomesUtf8() {
        StreamTranscoder fromCp437 = new StreamTranscoder(Codepage.of(437).charset(), StandardCharsets.UTF_8);
        assertThat(fromCp437.transcode(new byte[] {(byte) 0x82}, 0, 1, false))
                .containsExactly("é".getBytes(StandardCharsets.UTF_8));
    }
}
