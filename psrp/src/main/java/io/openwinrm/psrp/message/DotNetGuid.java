package io.openwinrm.psrp.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * GUIDs in .NET's {@code Guid.ToByteArray()} order, as the RPID and PID of the message header carry them
 * ([MS-PSRP] 2.2.1): the first three fields little-endian, the last eight bytes as written. The mapping is a
 * bijection, so bytes that a peer wrote in another order (old pypsrp used RFC order) still round-trip unchanged.
 */
public final class DotNetGuid {
    /** The nil GUID: the PID of every pool message, the RPID of the server's SESSION_CAPABILITY. */
    public static final UUID NIL = new UUID(0, 0);

    private DotNetGuid() {
    }

    /** Writes 16 bytes at the buffer's position; the buffer's byte order is left as it was. */
    public static void write(UUID id, ByteBuffer out) {
        ByteOrder order = out.order();
        long msb = id.getMostSignificantBits();
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt((int) (msb >>> 32));
        out.putShort((short) (msb >>> 16));
        out.putShort((short) msb);
        out.order(ByteOrder.BIG_ENDIAN);
        out.putLong(id.getLeastSignificantBits());
        out.order(order);
    }

    /** Reads 16 bytes at the buffer's position; the buffer's byte order is left as it was. */
    public static UUID read(ByteBuffer in) {
        ByteOrder order = in.order();
        in.order(ByteOrder.LITTLE_ENDIAN);
        long a = in.getInt() & 0xFFFF_FFFFL;
        long b = in.getShort() & 0xFFFFL;
        long c = in.getShort() & 0xFFFFL;
        in.order(ByteOrder.BIG_ENDIAN);
        long lsb = in.getLong();
        in.order(order);
        return new UUID((a << 32) | (b << 16) | c, lsb);
    }

    /** The 16 wire bytes of a GUID. */
    public static byte[] toBytes(UUID id) {
        ByteBuffer b = ByteBuffer.allocate(16);
        write(id, b);
        return b.array();
    }

    /** The GUID of 16 wire bytes. */
    public static UUID fromBytes(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a GUID has 16 bytes, not " + bytes.length);
        }
        return read(ByteBuffer.wrap(bytes));
    }
}
