package io.openwinrm.auth.ntlm;

/** Little-endian reads with bounds checks that raise {@link MalformedNtlmMessageException}, and writes. */
final class Le {

    private Le() {
    }

    static void require(byte[] b, int offset, int length, String what) throws MalformedNtlmMessageException {
        if (offset < 0 || length < 0 || (long) offset + length > b.length) {
            throw new MalformedNtlmMessageException(what + " out of bounds (offset " + offset + ", length " + length
                    + ", message " + b.length + " bytes)");
        }
    }

    static int u16(byte[] b, int offset, String what) throws MalformedNtlmMessageException {
        require(b, offset, 2, what);
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }

    static int u32(byte[] b, int offset, String what) throws MalformedNtlmMessageException {
        require(b, offset, 4, what);
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF) << 16
                | (b[offset + 3] & 0xFF) << 24;
    }

    static long u64(byte[] b, int offset, String what) throws MalformedNtlmMessageException {
        long lo = u32(b, offset, what) & 0xFFFFFFFFL;
        long hi = u32(b, offset + 4, what) & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    static byte[] slice(byte[] b, int offset, int length, String what) throws MalformedNtlmMessageException {
        require(b, offset, length, what);
        byte[] out = new byte[length];
        System.arraycopy(b, offset, out, 0, length);
        return out;
    }

    static int u32Unchecked(byte[] b, int offset) {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF) << 16
                | (b[offset + 3] & 0xFF) << 24;
    }

    static void put16(byte[] b, int offset, int v) {
        b[offset] = (byte) v;
        b[offset + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int offset, int v) {
        b[offset] = (byte) v;
        b[offset + 1] = (byte) (v >>> 8);
        b[offset + 2] = (byte) (v >>> 16);
        b[offset + 3] = (byte) (v >>> 24);
    }

    static void put64(byte[] b, int offset, long v) {
        put32(b, offset, (int) v);
        put32(b, offset + 4, (int) (v >>> 32));
    }

    static byte[] u32Bytes(int v) {
        byte[] b = new byte[4];
        put32(b, 0, v);
        return b;
    }
}
