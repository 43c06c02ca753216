package io.openwinrm.psrp.fragment;

import java.util.Arrays;
import java.util.Objects;

/**
 * One PSRP fragment ([MS-PSRP] 2.2.4). ObjectId and FragmentId are unsigned 64-bit numbers on the wire; here they
 * are Java {@code long}s holding the same bits (print them with {@link Long#toUnsignedString(long)}).
 *
 * @param objectId   identifies the message this fragment belongs to; unique per sender
 * @param fragmentId 0 for the start fragment, then +1 per fragment
 * @param start      the Start flag (bit 0): first fragment of the message
 * @param end        the End flag (bit 1): last fragment of the message
 * @param blob       this fragment's slice of the message (defensively copied)
 */
public record Fragment(long objectId, long fragmentId, boolean start, boolean end, byte[] blob) {
    /** Bytes of the header in front of every blob: ObjectId 8, FragmentId 8, flags 1, BlobLength 4. */
    public static final int HEADER_LENGTH = 21;
    /** Flag bit 0 ([MS-PSRP] 2.2.4 "S"). */
    public static final int FLAG_START = 0x01;
    /** Flag bit 1 ([MS-PSRP] 2.2.4 "E"). */
    public static final int FLAG_END = 0x02;

    public Fragment {
        Objects.requireNonNull(blob, "blob");
        if (start && fragmentId != 0) {
            throw new IllegalArgumentException("a start fragment has FragmentId 0, not "
                    + Long.toUnsignedString(fragmentId));
        }
        blob = blob.clone();
    }

    /** A copy of the blob. */
    @Override
    public byte[] blob() {
        return blob.clone();
    }

    /** Length of the blob in bytes. */
    public int blobLength() {
        return blob.length;
    }

    /** Size of the encoded fragment: header plus blob. */
    public int encodedLength() {
        return HEADER_LENGTH + blob.length;
    }

    /** The flags byte as written on the wire. */
    public int flags() {
        return (start ? FLAG_START : 0) | (end ? FLAG_END : 0);
    }

    byte[] blobUnsafe() {
        return blob;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fragment f && objectId == f.objectId && fragmentId == f.fragmentId && start == f.start
                && end == f.end && Arrays.equals(blob, f.blob);
    }

    @Override
    public int hashCode() {
        return Objects.hash(objectId, fragmentId, start, end) * 31 + Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return "Fragment[objectId=" + Long.toUnsignedString(objectId) + ", fragmentId="
                + Long.toUnsignedString(fragmentId) + ", start=" + start + ", end=" + end + ", blobLength="
                + blob.length + "]";
    }
}
