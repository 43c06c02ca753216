package io.openwinrm.server.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.wsman.ResourceUris;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Enumeration contexts expire when unused, belong to one user and one URI, and are bounded per user. */
class EnumerationsTest {

    private final AtomicLong now = new AtomicLong();
    private final Enumerations contexts = new Enumerations(Duration.ofSeconds(10), 2, now::get);

    @Test
    void anUnusedContextExpiresAndAPullKeepsItAlive() {
        String id = contexts.open("alice", ResourceUris.SHELL, null, List.of("A", "B", "C"));
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(contexts.next("alice", ResourceUris.SHELL, id, 1).ids()).containsExactly("A");
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(contexts.next("alice", ResourceUris.SHELL, id, 1).ids()).containsExactly("B");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertInvalid(() -> contexts.next("alice", ResourceUris.SHELL, id, 1));
        assertThat(contexts.size()).isZero();
    }

    @Test
    void theBoundCountsOpenContextsOfOneUserOnly() {
        contexts.open("alice", ResourceUris.SHELL, null, List.of("A"));
        String second = contexts.open("alice", ResourceUris.SHELL, null, List.of("B"));
        assertThatThrownBy(() -> contexts.open("alice", ResourceUris.SHELL, null, List.of("C")))
                .isInstanceOfSatisfying(WsmanFaultException.class,
                        e -> assertThat(e.kind()).isEqualTo(FaultKind.QUOTA_MAX_OPERATIONS));
        contexts.open("bob", ResourceUris.SHELL, null, List.of("D"));
        contexts.release("alice", ResourceUris.SHELL, second);
        contexts.open("alice", ResourceUris.SHELL, null, List.of("C"));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        contexts.open("alice", ResourceUris.SHELL, null, List.of("E"));
        contexts.open("alice", ResourceUris.SHELL, null, List.of("F"));
    }

    @Test
    void aContextIsOnlyReachableByItsOwnerOnItsUri() {
        String id = contexts.open("alice", ResourceUris.SHELL, null, List.of("A"));
        assertInvalid(() -> contexts.next("bob", ResourceUris.SHELL, id, 1));
        assertInvalid(() -> contexts.next("alice", ResourceUris.CMD_SHELL, id, 1));
        assertInvalid(() -> contexts.release("bob", ResourceUris.SHELL, id));
        Enumerations.Batch b = contexts.next("alice", ResourceUris.SHELL.toUpperCase(), id, 5);
        assertThat(b.ids()).containsExactly("A");
        assertThat(b.end()).isTrue();
        assertInvalid(() -> contexts.release("alice", ResourceUris.SHELL, id));
    }

    private static void assertInvalid(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(WsmanFaultException.class,
                e -> assertThat(e.kind()).isEqualTo(FaultKind.INVALID_ENUMERATION_CONTEXT));
    }
}
