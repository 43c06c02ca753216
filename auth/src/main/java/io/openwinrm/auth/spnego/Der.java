package io.openwinrm.auth.spnego;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The handful of DER (X.690) pieces SPNEGO and CredSSP ([MS-CSSP] 2.2.1) need: a bounds-checked reader and TLV
 * writing. The reader never reads outside its buffer, refuses indefinite and over-long lengths, and copies only what
 * it returns.
 */
public final class Der {

    public static final int SEQUENCE = 0x30;
    public static final int OID = 0x06;
    public static final int OCTET_STRING = 0x04;
    public static final int ENUMERATED = 0x0A;
    public static final int BIT_STRING = 0x03;
    public static final int APPLICATION_0 = 0x60;
    public static final int INTEGER = 0x02;

    private Der() {
    }

    /** The tag of an explicit context-specific constructed field {@code [n]}. */
    public static int context(int n) {
        return 0xA0 | n;
    }

    /** A reader over {@code [pos, end)} of a buffer. */
    public static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        public Reader(byte[] b) {
            this(b, 0, b.length);
        }

        private Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        public boolean hasMore() {
            return pos < end;
        }

        public int peekTag() throws SpnegoException {
            if (pos >= end) {
                throw new SpnegoException("DER: unexpected end of data");
            }
            return b[pos] & 0xFF;
        }

        /** Reads a TLV with this tag and returns a reader over its contents. */
        public Reader read(int tag) throws SpnegoException {
            int actual = peekTag();
            if (actual != tag) {
                throw new SpnegoException(String.format("DER: expected tag 0x%02x, got 0x%02x", tag, actual));
            }
            pos++;
            int length = readLength();
            Reader inner = new Reader(b, pos, pos + length);
            pos += length;
            return inner;
        }

        public byte[] readOctetString() throws SpnegoException {
            return read(OCTET_STRING).rest();
        }

        public String readOid() throws SpnegoException {
            return decodeOid(read(OID).rest());
        }

        public byte[] rest() {
            byte[] out = Arrays.copyOfRange(b, pos, end);
            pos = end;
            return out;
        }

        /**
         * An INTEGER of at most four content bytes (X.690 8.3), sign-extended: enough for versions and NTSTATUS codes.
         */
        public long readInteger() throws SpnegoException {
            byte[] v = read(INTEGER).rest();
            if (v.length == 0 || v.length > 5) {
                throw new SpnegoException("DER: INTEGER of " + v.length + " bytes");
            }
            long n = v[0];
            for (int i = 1; i < v.length; i++) {
                n = n << 8 | (v[i] & 0xFF);
            }
            return n;
        }

        /** The raw bytes of the next TLV, tag and length included. */
        public byte[] readRawTlv() throws SpnegoException {
            int start = pos;
            read(peekTag());
            return Arrays.copyOfRange(b, start, pos);
        }

        public void expectEnd(String what) throws SpnegoException {
            if (pos != end) {
                throw new SpnegoException("DER: " + (end - pos) + " trailing bytes after " + what);
            }
        }

        private int readLength() throws SpnegoException {
            if (pos >= end) {
                throw new SpnegoException("DER: missing length");
            }
            int first = b[pos++] & 0xFF;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int n = first & 0x7F;
                if (n == 0) {
                    throw new SpnegoException("DER: indefinite length not allowed");
                }
                if (n > 3) {
                    throw new SpnegoException("DER: length of " + n + " bytes too large");
                }
                if (end - pos < n) {
                    throw new SpnegoException("DER: truncated length");
                }
                length = 0;
                for (int k = 0; k < n; k++) {
                    length = length << 8 | (b[pos++] & 0xFF);
                }
            }
            if (length > end - pos) {
                throw new SpnegoException("DER: length " + length + " exceeds the " + (end - pos)
                        + " bytes available");
            }
            return length;
        }
    }

    /** A minimal two's-complement INTEGER (X.690 8.3.2). */
    public static byte[] integer(long value) {
        int n = 8;
        while (n > 1) {
            long top = value >> (8 * (n - 1) - 1);
            if (top != 0 && top != -1) {
                break;
            }
            n--;
        }
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) {
            v[i] = (byte) (value >>> (8 * (n - 1 - i)));
        }
        return tlv(INTEGER, v);
    }

    public static byte[] tlv(int tag, byte[]... contents) {
        int n = 0;
        for (byte[] c : contents) {
            n += c.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
        for (byte[] c : contents) {
            out.writeBytes(c);
        }
        return out.toByteArray();
    }

    static byte[] encodeOid(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("OID needs two arcs: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long first = Long.parseLong(parts[0]) * 40 + Long.parseLong(parts[1]);
        base128(out, first);
        for (int i = 2; i < parts.length; i++) {
            base128(out, Long.parseLong(parts[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative OID arc");
        }
        int groups = 1;
        for (long t = v >>> 7; t != 0; t >>>= 7) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int bits = (int) (v >>> (7 * g)) & 0x7F;
            out.write(g == 0 ? bits : bits | 0x80);
        }
    }

    static String decodeOid(byte[] b) throws SpnegoException {
        if (b.length == 0 || b.length > 64) {
            throw new SpnegoException("DER: OID of " + b.length + " bytes");
        }
        StringBuilder sb = new StringBuilder();
        long arc = 0;
        boolean first = true;
        for (int i = 0; i < b.length; i++) {
            int v = b[i] & 0xFF;
            if (arc == 0 && v == 0x80) {
                throw new SpnegoException("DER: OID arc with a leading 0x80");
            }
            if (arc > (Long.MAX_VALUE >>> 7)) {
                throw new SpnegoException("DER: OID arc too large");
            }
            arc = arc << 7 | (v & 0x7F);
            if ((v & 0x80) == 0) {
                if (first) {
                    long a = Math.min(arc / 40, 2);
                    sb.append(a).append('.').append(arc - a * 40);
                    first = false;
                } else {
                    sb.append('.').append(arc);
                }
                arc = 0;
            } else if (i == b.length - 1) {
                throw new SpnegoException("DER: truncated OID");
            }
        }
        return sb.toString();
    }
}
