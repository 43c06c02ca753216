package io.openwinrm.auth.kerberos;

import java.nio.ByteBuffer;

/**
 * The 16-byte header of an RFC 4121 wrap token (section 4.2.6.2): {@code 05 04}, flags, {@code FF}, EC (extra count,
 * the filler bytes before the encrypted header copy), RRC (right rotation count) and the 64-bit sequence number.
 *
 * @param flags          {@link #SENT_BY_ACCEPTOR}, {@link #SEALED}, {@link #ACCEPTOR_SUBKEY} (section 4.2.2)
 * @param extraCount     EC
 * @param rotation       RRC
 * @param sequenceNumber SND_SEQ
 */
public record WrapTokenHeader(int flags, int extraCount, int rotation, long sequenceNumber) {

    public static final int LENGTH = 16;
    public static final int SENT_BY_ACCEPTOR = 0x01;
    public static final int SEALED = 0x02;
    public static final int ACCEPTOR_SUBKEY = 0x04;
    private static final int KNOWN_FLAGS = SENT_BY_ACCEPTOR | SEALED | ACCEPTOR_SUBKEY;

    public WrapTokenHeader {
        if ((flags & ~KNOWN_FLAGS) != 0 || extraCount < 0 || extraCount > 0xFFFF || rotation < 0
                || rotation > 0xFFFF) {
            throw new IllegalArgumentException("invalid wrap token header field");
        }
    }

    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).put((byte) 0x05).put((byte) 0x04).put((byte) flags).put((byte) 0xFF)
                .putShort((short) extraCount).putShort((short) rotation).putLong(sequenceNumber).array();
    }

    public WrapTokenHeader withRotation(int value) {
        return new WrapTokenHeader(flags, extraCount, value, sequenceNumber);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /**
     * Reads the header at the start of {@code token}.
     *
     * @throws IllegalArgumentException if it is shorter than a header or is not a wrap token (token id, filler, a
     *                                  flag RFC 4121 does not define)
     */
    public static WrapTokenHeader decode(byte[] token) {
        if (token.length < LENGTH) {
            throw new IllegalArgumentException("wrap token shorter than its header: " + token.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(token);
        if (b.get() != 0x05 || b.get() != 0x04) {
            throw new IllegalArgumentException("not an RFC 4121 wrap token (token id is not 05 04)");
        }
        int flags = b.get() & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("wrap token has undefined flags 0x" + Integer.toHexString(flags));
        }
        if ((b.get() & 0xFF) != 0xFF) {
            throw new IllegalArgumentException("wrap token filler is not FF");
        }
        int ec = b.getShort() & 0xFFFF;
        int rrc = b.getShort() & 0xFFFF;
        return new WrapTokenHeader(flags, ec, rrc, b.getLong());
    }
}
