package io.openwinrm.psrp.fragment;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes fragments in network byte order ([MS-PSRP] 2.2.4). Decoding here is for complete buffers
 * (a WS-Man Stream element never splits a fragment); {@link Defragmenter} handles split streams and reassembly.
 */
public final class FragmentCodec {
    private FragmentCodec() {
    }

    /** The wire form of one fragment. */
    public static byte[] encode(Fragment fragment) {
        ByteBuffer out = ByteBuffer.allocate(fragment.encodedLength());
        encodeTo(fragment, out);
        return out.array();
    }

    /** The wire form of several fragments, concatenated as in one Send or Receive Stream. */
    public static byte[] encode(List<Fragment> fragments) {
        int total = 0;
        for (Fragment f : fragments) {
            total = Math.addExact(total, f.encodedLength());
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (Fragment f : fragments) {
            encodeTo(f, out);
        }
        return out.array();
    }

    /** Writes one fragment at the buffer's position (which must have {@link Fragment#encodedLength()} left). */
    public static void encodeTo(Fragment fragment, ByteBuffer out) {
        out.order(ByteOrder.BIG_ENDIAN);
        out.putLong(fragment.objectId());
        out.putLong(fragment.fragmentId());
        out.put((byte) fragment.flags());
        out.putInt(fragment.blobLength());
        out.put(fragment.blobUnsafe());
    }

    /**
     * Splits a buffer that holds whole fragments only.
     *
     * @param maxBlobLength largest BlobLength accepted, checked before the blob is copied
     * @throws PsrpException {@link PsrpError#MALFORMED_FRAGMENT} for a truncated fragment or reserved flag bits,
     *                       {@link PsrpError#LIMIT_EXCEEDED} for a blob over {@code maxBlobLength}
     */
    public static List<Fragment> decodeAll(byte[] data, int maxBlobLength) {
        Objects.requireNonNull(data, "data");
        List<Fragment> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        while (in.hasRemaining()) {
            if (in.remaining() < Fragment.HEADER_LENGTH) {
                throw new PsrpException(PsrpError.MALFORMED_FRAGMENT, "truncated fragment header: "
                        + in.remaining() + " of " + Fragment.HEADER_LENGTH + " bytes at offset " + in.position());
            }
            FragmentHeader h = FragmentHeader.read(in, maxBlobLength);
            if (in.remaining() < h.blobLength()) {
                throw new PsrpException(PsrpError.MALFORMED_FRAGMENT, "truncated fragment: object "
                        + Long.toUnsignedString(h.objectId()) + " declares " + h.blobLength() + " blob bytes, "
                        + in.remaining() + " present");
            }
            byte[] blob = new byte[h.blobLength()];
            in.get(blob);
            out.add(new Fragment(h.objectId(), h.fragmentId(), h.start(), h.end(), blob));
        }
        return out;
    }
}
