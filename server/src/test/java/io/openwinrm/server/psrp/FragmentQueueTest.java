package io.openwinrm.server.psrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.psrp.fragment.Fragment;
import io.openwinrm.psrp.fragment.FragmentCodec;
import io.openwinrm.server.command.OutputBudget;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fragments waiting for a Receive: bounded by the shell's output budget with back-pressure (nothing lost), whole
 * fragments per response within MaxEnvelopeSize, Done reported once with the last fragments; and fragment boundaries
 * found in a split stream.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FragmentQueueTest {

    private static byte[] fragment(long id, int blobLength) {
        return FragmentCodec.encode(new Fragment(id, 0, true, true, new byte[blobLength]));
    }

    @Test
    void aFullBudgetMakesTheEngineWaitAndLosesNothing() throws Exception {
        OutputBudget budget = OutputBudget.root(2 * (1021 + FragmentQueue.FRAGMENT_OVERHEAD));
        FragmentQueue q = new FragmentQueue(budget);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 1; i <= 10; i++) {
                    q.offer(fragment(i, 1000));
                }
                q.markDone();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(producer).isNotDone();
        assertThat(budget.used()).isLessThanOrEqualTo(budget.limit());
        int received = 0;
        boolean done = false;
        while (!done) {
            FragmentQueue.Batch b = q.receive(153600, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            received += b.fragments().size();
            done = b.done();
        }
        assertThat(received).isEqualTo(10);
        producer.get(5, TimeUnit.SECONDS);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aResponseHoldsWholeFragmentsWithinTheEnvelope() throws Exception {
        FragmentQueue q = new FragmentQueue(OutputBudget.root(1 << 20));
        for (int i = 1; i <= 4; i++) {
            q.offer(fragment(i, 3000));
        }
        FragmentQueue.Batch b = q.receive(8192, Duration.ofSeconds(1)).get();
        assertThat(b.fragments()).hasSize(1);
        assertThat(b.fragments().get(0)).hasSize(3021);
        FragmentQueue.Batch rest = q.receive(153600, Duration.ofSeconds(1)).get();
        assertThat(rest.fragments()).hasSize(3);
        assertThat(rest.done()).isFalse();
    }

    @Test
    void nothingWithinTheWaitIsTimedOutAndAFailureReachesTheWaitingReceive() throws Exception {
        FragmentQueue q = new FragmentQueue(OutputBudget.root(1 << 20));
        assertThat(q.receive(153600, Duration.ofMillis(100)).get().timedOut()).isTrue();
        CompletableFuture<FragmentQueue.Batch> waiting = q.receive(153600, Duration.ofSeconds(10));
        q.fail(new PowerShellEndedException("pwsh exited"));
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(PowerShellEndedException.class);
        assertThat(q.offer(fragment(1, 10))).isFalse();
    }

    @Test
    void boundariesAreFoundAcrossSplitInputAndBadFlagsRefused() {
        byte[] a = fragment(1, 5);
        byte[] b = fragment(2, 7);
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        FragmentBoundaries f = new FragmentBoundaries(1 << 20);
        assertThat(f.feed(Arrays.copyOf(both, 10))).isEmpty();
        List<byte[]> out = f.feed(Arrays.copyOfRange(both, 10, both.length));
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(a);
        assertThat(out.get(1)).isEqualTo(b);
        byte[] bad = a.clone();
        bad[16] = 0x04;
        assertThatThrownBy(() -> FragmentBoundaries.split(bad, 100)).hasMessageContaining("reserved bits");
        assertThatThrownBy(() -> FragmentBoundaries.split(Arrays.copyOf(a, a.length - 1), 100))
                .hasMessageContaining("ends inside a fragment");
        assertThatThrownBy(() -> FragmentBoundaries.split(fragment(1, 200), 100)).hasMessageContaining("limit");
    }
}
