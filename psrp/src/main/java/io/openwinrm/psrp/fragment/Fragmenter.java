package io.openwinrm.psrp.fragment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts PSRP messages into fragments of at most {@link #maxFragmentSize()} bytes, header included, numbering
 * objects 1, 2, 3... as one sender's counter ([MS-PSRP] 2.2.4; each direction counts on its own). PowerShell's
 * server side always uses 32 KiB fragments ({@link #DEFAULT_FRAGMENT_SIZE}); a client sizes them to the
 * negotiated MaxEnvelopeSize with {@link #fragmentSizeForEnvelope(int, int)}.
 *
 * <p>Not thread-safe: one instance per sender (runspace pool), used under the pool's lock.
 */
public final class Fragmenter {
    /** PowerShell's {@code BaseTransportManager.DefaultFragmentSize}: 32 KiB per fragment, header included. */
    public static final int DEFAULT_FRAGMENT_SIZE = 32 * 1024;
    /** The smallest useful fragment: a header and one blob byte. */
    public static final int MIN_FRAGMENT_SIZE = Fragment.HEADER_LENGTH + 1;

    private final int maxFragmentSize;
    private long nextObjectId;

    /** A fragmenter whose first object gets ObjectId 1. */
    public Fragmenter(int maxFragmentSize) {
        this(maxFragmentSize, 1);
    }

    /**
     * @param maxFragmentSize largest encoded fragment, header included; at least {@link #MIN_FRAGMENT_SIZE}
     * @param firstObjectId   ObjectId of the next message (e.g. to continue a counter after a reconnect)
     */
    public Fragmenter(int maxFragmentSize, long firstObjectId) {
        if (maxFragmentSize < MIN_FRAGMENT_SIZE) {
            throw new IllegalArgumentException("fragment size " + maxFragmentSize + " is below the minimum of "
                    + MIN_FRAGMENT_SIZE);
        }
        this.maxFragmentSize = maxFragmentSize;
        this.nextObjectId = firstObjectId;
    }

    /**
     * The largest fragment that fits a WS-Man message of {@code maxEnvelopeSize} bytes whose envelope without the
     * base64 data takes {@code envelopeOverhead} bytes: the rest, times 3/4 for base64 ([MS-PSRP] 3.1.5.3.5; the
     * computation pypsrp uses). Never below {@link #MIN_FRAGMENT_SIZE}.
     */
    public static int fragmentSizeForEnvelope(int maxEnvelopeSize, int envelopeOverhead) {
        long room = (long) maxEnvelopeSize - envelopeOverhead;
        long size = room / 4 * 3;
        return (int) Math.max(MIN_FRAGMENT_SIZE, Math.min(Integer.MAX_VALUE, size));
    }

    public int maxFragmentSize() {
        return maxFragmentSize;
    }

    /** The ObjectId the next message will get. */
    public long nextObjectId() {
        return nextObjectId;
    }

    /** Fragments one message (an encoded {@code PsrpMessage}) under the next ObjectId. Never empty. */
    public List<Fragment> fragment(byte[] message) {
        Objects.requireNonNull(message, "message");
        long objectId = nextObjectId++;
        int blobMax = maxFragmentSize - Fragment.HEADER_LENGTH;
        int count = Math.max(1, (message.length + blobMax - 1) / blobMax);
        List<Fragment> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * blobMax;
            int to = Math.min(message.length, from + blobMax);
            out.add(new Fragment(objectId, i, i == 0, i == count - 1, Arrays.copyOfRange(message, from, to)));
        }
        return out;
    }

    /** Fragments one message and returns the fragments' wire bytes, concatenated. */
    public byte[] fragmentToBytes(byte[] message) {
        return FragmentCodec.encode(fragment(message));
    }
}
