package io.openwinrm.psrp.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fragmenter and defragmenter agree across message sizes, fragment sizes, interleavings and stream splits. */
class FragmentRoundTripTest {

    @Test
    void singleMessageAcrossSizes() {
        Random random = new Random(1);
        for (int fragmentSize : new int[] {Fragmenter.MIN_FRAGMENT_SIZE, 22, 23, 64, 1000, 32 * 1024}) {
            for (int length : new int[] {0, 1, 2, 20, 21, 22, 100, 4096, 70_000}) {
                byte[] message = randomBytes(random, length);
                Fragmenter fragmenter = new Fragmenter(fragmentSize);
                List<Fragment> fragments = fragmenter.fragment(message);
                assertThat(fragments).allSatisfy(f -> assertThat(f.encodedLength()).isLessThanOrEqualTo(fragmentSize));
                assertThat(fragments.get(0).start()).isTrue();
                assertThat(fragments.get(fragments.size() - 1).end()).isTrue();
                List<byte[]> out = new Defragmenter().feed(FragmentCodec.encode(fragments));
                assertThat(out).hasSize(1);
                assertThat(out.get(0)).isEqualTo(message);
            }
        }
    }

    @Test
    void objectIdsCountFromOne() {
        Fragmenter fragmenter = new Fragmenter(100);
        assertThat(fragmenter.fragment(new byte[10]).get(0).objectId()).isEqualTo(1);
        assertThat(fragmenter.fragment(new byte[10]).get(0).objectId()).isEqualTo(2);
        assertThat(fragmenter.nextObjectId()).isEqualTo(3);
    }

    @Test
    void randomInterleavingsAndSplits() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            Fragmenter fragmenter = new Fragmenter(22 + random.nextInt(200));
            int messages = 1 + random.nextInt(6);
            List<byte[]> originals = new ArrayList<>();
            List<List<Fragment>> queues = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                byte[] m = randomBytes(random, random.nextInt(2000));
                originals.add(m);
                queues.add(new ArrayList<>(fragmenter.fragment(m)));
            }
            // interleave: pick a random non-empty queue each time, keeping each queue's own order
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            List<Integer> completionOrder = new ArrayList<>();
            while (queues.stream().anyMatch(q -> !q.isEmpty())) {
                int q = random.nextInt(messages);
                if (!queues.get(q).isEmpty()) {
                    Fragment f = queues.get(q).remove(0);
                    stream.writeBytes(FragmentCodec.encode(f));
                    if (f.end()) {
                        completionOrder.add(q);
                    }
                }
            }
            byte[] all = stream.toByteArray();
            Defragmenter defragmenter = new Defragmenter();
            List<byte[]> out = new ArrayList<>();
            int pos = 0;
            while (pos < all.length) { // arbitrary cuts, even inside headers
                int n = Math.min(all.length - pos, 1 + random.nextInt(300));
                byte[] chunk = new byte[n];
                System.arraycopy(all, pos, chunk, 0, n);
                out.addAll(defragmenter.feed(chunk));
                pos += n;
            }
            assertThat(defragmenter.hasPartialFragment()).isFalse();
            assertThat(defragmenter.partialObjects()).isZero();
            assertThat(out).hasSize(messages);
            for (int i = 0; i < messages; i++) {
                assertThat(out.get(i)).isEqualTo(originals.get(completionOrder.get(i)));
            }
        }
    }

    @Test
    void codecDecodesWhatItEncodes() {
        List<Fragment> fragments = new Fragmenter(30, 7).fragment(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertThat(FragmentCodec.decodeAll(FragmentCodec.encode(fragments), 1000)).isEqualTo(fragments);
        assertThat(fragments.get(0).objectId()).isEqualTo(7);
    }

    @Test
    void envelopeSizing() {
        // pypsrp: (153600 - overhead) * 3/4 budget; the fragment size includes its header
        assertThat(Fragmenter.fragmentSizeForEnvelope(153600, 1664)).isEqualTo((153600 - 1664) / 4 * 3);
        assertThat(Fragmenter.fragmentSizeForEnvelope(100, 1000)).isEqualTo(Fragmenter.MIN_FRAGMENT_SIZE);
    }

    static byte[] randomBytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
