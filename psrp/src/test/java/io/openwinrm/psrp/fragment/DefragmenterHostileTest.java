package io.openwinrm.psrp.fragment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each malformed or hostile fragment stream is refused quickly with a typed error, never an OOM. */
@Timeout(10)
class DefragmenterHostileTest {

    private static byte[] raw(long objectId, long fragmentId, int flags, long declaredLength, int actualLength) {
        ByteBuffer b = ByteBuffer.allocate(Fragment.HEADER_LENGTH + actualLength);
        b.putLong(objectId).putLong(fragmentId).put((byte) flags).putInt((int) declaredLength);
        return b.array();
    }

    private static byte[] frag(long objectId, long fragmentId, boolean start, boolean end, int length) {
        return FragmentCodec.encode(new Fragment(objectId, fragmentId, start, end, new byte[length]));
    }

    private static void assertRefused(Defragmenter d, byte[] data, PsrpError error, String text) {
        assertThatThrownBy(() -> d.feed(data)).isInstanceOf(PsrpException.class)
                .satisfies(e -> assertThat(((PsrpException) e).error()).isEqualTo(error))
                .hasMessageContaining(text);
    }

    @Test
    void hugeDeclaredBlobIsRefusedBeforeBuffering() {
        assertRefused(new Defragmenter(), raw(1, 0, 3, 0xFFFF_FFFFL, 0), PsrpError.LIMIT_EXCEEDED, "4294967295");
        assertThatThrownBy(() -> FragmentCodec.decodeAll(raw(1, 0, 3, 0x7FFF_FFFFL, 0), 1 << 20))
                .isInstanceOf(PsrpException.class);
    }

    @Test
    void objectGrowingPastTheLimit() {
        Defragmenter d = new Defragmenter(new DefragmenterLimits(100, 4));
        d.feed(frag(1, 0, true, false, 60));
        assertRefused(d, frag(1, 1, false, false, 60), PsrpError.LIMIT_EXCEEDED, "beyond 100 bytes");
    }

    @Test
    void tooManyPartialObjects() {
        Defragmenter d = new Defragmenter(new DefragmenterLimits(1000, 3));
        for (int i = 1; i <= 3; i++) {
            d.feed(frag(i, 0, true, false, 1));
        }
        assertRefused(d, frag(4, 0, true, false, 1), PsrpError.LIMIT_EXCEEDED, "more than 3 messages");
    }

    @Test
    void outOfOrderFragmentIds() {
        Defragmenter d = new Defragmenter();
        d.feed(frag(1, 0, true, false, 5));
        assertRefused(d, frag(1, 2, false, true, 5), PsrpError.FRAGMENT_SEQUENCE, "expected fragment 1");
    }

    @Test
    void continuationWithoutStart() {
        assertRefused(new Defragmenter(), frag(9, 1, false, true, 5), PsrpError.FRAGMENT_SEQUENCE,
                "without its start fragment");
    }

    @Test
    void duplicateStart() {
        Defragmenter d = new Defragmenter();
        d.feed(frag(1, 0, true, false, 5));
        assertRefused(d, frag(1, 0, true, true, 5), PsrpError.FRAGMENT_SEQUENCE, "started again");
    }

    @Test
    void startWithNonZeroFragmentId() {
        assertRefused(new Defragmenter(), raw(1, 5, 3, 0, 0), PsrpError.FRAGMENT_SEQUENCE, "expected 0");
    }

    @Test
    void reservedFlagBits() {
        assertRefused(new Defragmenter(), raw(1, 0, 0x83, 0, 0), PsrpError.MALFORMED_FRAGMENT, "reserved bits");
    }

    @Test
    void truncatedFragmentsInACompleteBuffer() {
        byte[] whole = frag(1, 0, true, true, 10);
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> FragmentCodec.decodeAll(part, 100)).isInstanceOf(PsrpException.class)
                    .hasMessageContaining("truncated");
            Defragmenter d = new Defragmenter();
            assertThat(d.feed(part)).isEmpty();
            assertThat(d.hasPartialFragment()).isTrue();
        }
    }

    @Test
    void failedInstanceStaysFailed() {
        Defragmenter d = new Defragmenter();
        assertThatThrownBy(() -> d.feed(frag(9, 1, false, true, 5))).isInstanceOf(PsrpException.class);
        assertRefused(d, frag(1, 0, true, true, 1), PsrpError.FRAGMENT_SEQUENCE, "failed earlier");
    }

    @Test
    void manyTinyMessagesStayCheap() {
        Defragmenter d = new Defragmenter();
        Fragmenter f = new Fragmenter(32 * 1024);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            all.writeBytes(f.fragmentToBytes(new byte[] {(byte) i}));
        }
        List<byte[]> out = d.feed(all.toByteArray());
        assertThat(out).hasSize(100_000);
    }
}
