package io.openwinrm.psrp.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.psrp.PsrpError;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Guarded transitions: the normal lifecycles pass, every event outside its states is refused precisely. */
class StateMachineTest {

    @Test
    void poolLifecycleThroughDisconnectAndConnect() {
        RunspacePoolStateMachine pool = new RunspacePoolStateMachine();
        assertThat(pool.state()).isEqualTo(RunspacePoolState.BEFORE_OPEN);
        for (PoolEvent e : List.of(PoolEvent.OPEN, PoolEvent.SEND_CAPABILITY, PoolEvent.ACCEPT_CAPABILITY,
                PoolEvent.KEY_EXCHANGE, PoolEvent.INIT_RUNSPACEPOOL, PoolEvent.CREATE_PIPELINE,
                PoolEvent.RUNSPACE_REQUEST, PoolEvent.DISCONNECT, PoolEvent.RECONNECT, PoolEvent.DISCONNECT,
                PoolEvent.CONNECT, PoolEvent.CONNECT_COMPLETED, PoolEvent.CLOSE, PoolEvent.FINISH_CLOSE)) {
            pool.fire(e);
        }
        assertThat(pool.state()).isEqualTo(RunspacePoolState.CLOSED);
        assertThat(pool.state().wire()).isEqualTo(3);
    }

    @Test
    void createPipelineBeforeOpenIsRefusedWithActualExpectedAndAction() {
        RunspacePoolStateMachine pool = new RunspacePoolStateMachine();
        pool.fire(PoolEvent.OPEN);
        assertThatThrownBy(() -> pool.fire(PoolEvent.CREATE_PIPELINE)).isInstanceOfSatisfying(
                InvalidStateException.class, e -> {
                    assertThat(e.error()).isEqualTo(PsrpError.INVALID_STATE);
                    assertThat(e.actual()).isEqualTo(RunspacePoolState.OPENING);
                    assertThat(e.expected()).containsExactly(RunspacePoolState.OPENED);
                    assertThat(e.action()).isEqualTo("create a pipeline");
                    assertThat(e).hasMessage("cannot create a pipeline: the runspace pool is Opening, it must be Opened");
                });
        assertThat(pool.state()).isEqualTo(RunspacePoolState.OPENING);
    }

    @Test
    void secondInitRunspacePoolIsRefused() {
        RunspacePoolStateMachine pool = opened();
        assertThatThrownBy(() -> pool.fire(PoolEvent.INIT_RUNSPACEPOOL)).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("is Opened, it must be NegotiationSucceeded");
    }

    @Test
    void everyPoolEventOutsideItsStatesIsRefusedAndChangesNothing() {
        for (RunspacePoolState s : RunspacePoolState.values()) {
            for (PoolEvent e : PoolEvent.values()) {
                RunspacePoolStateMachine pool = in(s);
                if (e.allowedIn().contains(s)) {
                    RunspacePoolState after = pool.fire(e);
                    assertThat(after).isEqualTo(e.target() == null ? s : e.target());
                } else {
                    assertThatThrownBy(() -> pool.fire(e)).isInstanceOf(InvalidStateException.class);
                    assertThat(pool.state()).isEqualTo(s);
                }
            }
        }
    }

    @Test
    void brokenAndClosedAreFinal() {
        RunspacePoolStateMachine pool = opened();
        pool.fire(PoolEvent.BREAK);
        assertThat(pool.state().isFinished()).isTrue();
        assertThatThrownBy(() -> pool.fire(PoolEvent.BREAK)).isInstanceOf(InvalidStateException.class);
        pool.fire(PoolEvent.CLOSE); // Delete of a broken pool still cleans up
        pool.fire(PoolEvent.FINISH_CLOSE);
        for (PoolEvent e : PoolEvent.values()) {
            assertThat(pool.allows(e)).isFalse();
        }
    }

    @Test
    void pipelineLifecycles() {
        PipelineStateMachine p = new PipelineStateMachine();
        p.fire(PipelineEvent.INPUT);
        p.fire(PipelineEvent.START);
        p.fire(PipelineEvent.INPUT);
        p.fire(PipelineEvent.HOST_RESPONSE);
        p.fire(PipelineEvent.DISCONNECT);
        p.fire(PipelineEvent.RECONNECT);
        assertThat(p.fire(PipelineEvent.COMPLETE)).isEqualTo(PipelineState.COMPLETED);
        assertThat(p.state().wire()).isEqualTo(4);
        assertThatThrownBy(() -> p.fire(PipelineEvent.STOP)).isInstanceOf(InvalidStateException.class)
                .hasMessage("cannot stop the pipeline: the pipeline is Completed, it must be NotStarted or Running or "
                        + "Disconnected");

        PipelineStateMachine stopped = new PipelineStateMachine();
        stopped.fire(PipelineEvent.START);
        stopped.fire(PipelineEvent.STOP);
        assertThat(stopped.fire(PipelineEvent.STOPPED)).isEqualTo(PipelineState.STOPPED);
        assertThat(stopped.state().isFinished()).isTrue();

        PipelineStateMachine disconnected = new PipelineStateMachine();
        disconnected.fire(PipelineEvent.START);
        disconnected.fire(PipelineEvent.DISCONNECT);
        assertThat(disconnected.fire(PipelineEvent.FAIL)).isEqualTo(PipelineState.FAILED);
    }

    @Test
    void finishedPipelinesAcceptNothing() {
        for (PipelineState s : EnumSet.of(PipelineState.STOPPED, PipelineState.COMPLETED, PipelineState.FAILED)) {
            for (PipelineEvent e : PipelineEvent.values()) {
                assertThat(e.allowedIn()).doesNotContain(s);
            }
        }
        assertThat(PipelineState.fromWire(6)).contains(PipelineState.DISCONNECTED);
        assertThat(PipelineState.fromWire(7)).isEmpty();
        assertThat(RunspacePoolState.fromWire(9)).contains(RunspacePoolState.DISCONNECTED);
    }

    private static RunspacePoolStateMachine opened() {
        RunspacePoolStateMachine pool = new RunspacePoolStateMachine();
        pool.fire(PoolEvent.OPEN);
        pool.fire(PoolEvent.SEND_CAPABILITY);
        pool.fire(PoolEvent.ACCEPT_CAPABILITY);
        pool.fire(PoolEvent.INIT_RUNSPACEPOOL);
        return pool;
    }

    /** A machine driven into state s along legal events. */
    private static RunspacePoolStateMachine in(RunspacePoolState s) {
        RunspacePoolStateMachine pool = new RunspacePoolStateMachine();
        List<PoolEvent> path = switch (s) {
            case BEFORE_OPEN -> List.of();
            case OPENING -> List.of(PoolEvent.OPEN);
            case NEGOTIATION_SENT -> List.of(PoolEvent.OPEN, PoolEvent.SEND_CAPABILITY);
            case NEGOTIATION_SUCCEEDED -> List.of(PoolEvent.OPEN, PoolEvent.SEND_CAPABILITY,
                    PoolEvent.ACCEPT_CAPABILITY);
            case OPENED -> openPath();
            case DISCONNECTED -> with(openPath(), PoolEvent.DISCONNECT);
            case CONNECTING -> with(with(openPath(), PoolEvent.DISCONNECT), PoolEvent.CONNECT);
            case CLOSING -> with(openPath(), PoolEvent.CLOSE);
            case CLOSED -> with(with(openPath(), PoolEvent.CLOSE), PoolEvent.FINISH_CLOSE);
            case BROKEN -> with(openPath(), PoolEvent.BREAK);
        };
        path.forEach(pool::fire);
        assertThat(pool.state()).isEqualTo(s);
        return pool;
    }

    private static List<PoolEvent> openPath() {
        return List.of(PoolEvent.OPEN, PoolEvent.SEND_CAPABILITY, PoolEvent.ACCEPT_CAPABILITY,
                PoolEvent.INIT_RUNSPACEPOOL);
    }

    private static List<PoolEvent> with(List<PoolEvent> path, PoolEvent e) {
        List<PoolEvent> out = new java.util.ArrayList<>(path);
        out.add(e);
        return out;
    }
}
