package io.openwinrm.psrp.fragment;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.nio.ByteBuffer;

/** The 21 header bytes of a fragment ([MS-PSRP] 2.2.4), validated on its own so limits apply before the blob. */
record FragmentHeader(long objectId, long fragmentId, boolean start, boolean end, int blobLength) {

    /** Reads a header at the buffer's position (21 bytes must remain; big-endian). */
    static FragmentHeader read(ByteBuffer in, int maxBlobLength) {
        long objectId = in.getLong();
        long fragmentId = in.getLong();
        int flags = in.get() & 0xFF;
        long blobLength = in.getInt() & 0xFFFF_FFFFL;
        if ((flags & ~(Fragment.FLAG_START | Fragment.FLAG_END)) != 0) {
            throw new PsrpException(PsrpError.MALFORMED_FRAGMENT, String.format(
                    "fragment flags 0x%02X of object %s set reserved bits", flags, Long.toUnsignedString(objectId)));
        }
        boolean start = (flags & Fragment.FLAG_START) != 0;
        if (start && fragmentId != 0) {
            throw new PsrpException(PsrpError.FRAGMENT_SEQUENCE, "start fragment of object "
                    + Long.toUnsignedString(objectId) + " has FragmentId " + Long.toUnsignedString(fragmentId)
                    + ", expected 0");
        }
        if (blobLength > maxBlobLength) {
            throw new PsrpException(PsrpError.LIMIT_EXCEEDED, "fragment of object " + Long.toUnsignedString(objectId)
                    + " declares " + blobLength + " blob bytes, more than the limit of " + maxBlobLength);
        }
        return new FragmentHeader(objectId, fragmentId, start, (flags & Fragment.FLAG_END) != 0, (int) blobLength);
    }
}
