package io.openwinrm.cli.interactive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A remote completion's replacement range mapped onto the word JLine replaces. */
class TerminalLineSourceTest {

    @Test
    void theReplacementBecomesTheWholeWord() {
        // "Get-Co" at 0..6, replaced whole
        assertThat(TerminalLineSource.wordValue("Get-Co", 0, 6, 0, 6, "Get-Command")).isEqualTo("Get-Command");
        // a word "x=ab" where only "ab" (from 2) is replaced: the word keeps its start
        assertThat(TerminalLineSource.wordValue("x=ab c", 0, 4, 2, 2, "abc")).isEqualTo("x=abc");
        // the replaced range ends inside the word: its tail stays
        assertThat(TerminalLineSource.wordValue("Get-Cofoo", 0, 9, 0, 6, "Get-Command")).isEqualTo("Get-Commandfoo");
    }

    @Test
    void aRangeOutsideTheWordIsNotOffered() {
        assertThat(TerminalLineSource.wordValue("a bc", 2, 4, 0, 1, "x")).isNull();
        assertThat(TerminalLineSource.wordValue("a bc", 2, 4, 5, 0, "x")).isNull();
    }
}
