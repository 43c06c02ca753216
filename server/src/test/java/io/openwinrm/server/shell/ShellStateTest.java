package io.openwinrm.server.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The guarded shell lifecycle: ACTIVE ⇄ DISCONNECTED → CLOSED. */
class ShellStateTest {

    @Test
    void transitions() {
        assertThat(ShellState.DISCONNECTED.predecessors()).containsExactly(ShellState.ACTIVE);
        assertThat(ShellState.ACTIVE.predecessors()).containsExactlyInAnyOrder(ShellState.CREATED,
                ShellState.DISCONNECTED);
        assertThat(ShellState.CLOSED.predecessors()).contains(ShellState.DISCONNECTED);
        assertThat(ShellState.CREATED.predecessors()).isEmpty();
        for (ShellState s : ShellState.values()) {
            assertThat(s.predecessors()).doesNotContain(ShellState.CLOSED);
        }
    }
}
