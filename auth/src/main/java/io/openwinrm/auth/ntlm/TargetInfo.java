package io.openwinrm.auth.ntlm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The AV_PAIR list of a CHALLENGE_MESSAGE's TargetInfo or an NTLMv2_CLIENT_CHALLENGE ([MS-NLMP] 2.2.2.1,
 * 2.2.2.7), in wire order, without the terminating MsvAvEOL (which {@link #encode()} appends).
 */
public record TargetInfo(List<AvPair> pairs) {

    /** Upper bound on the number of pairs a decoder accepts. */
    public static final int MAX_PAIRS = 64;

    public TargetInfo {
        pairs = List.copyOf(pairs);
        if (pairs.stream().anyMatch(p -> p.id() == AvId.EOL)) {
            throw new IllegalArgumentException("MsvAvEOL is implicit");
        }
    }

    public static TargetInfo empty() {
        return new TargetInfo(List.of());
    }

    /** The first pair with this id. */
    public Optional<AvPair> find(int id) {
        return pairs.stream().filter(p -> p.id() == id).findFirst();
    }

    /** A copy where {@code pair} replaces the first pair with its id, or is appended. */
    public TargetInfo with(AvPair pair) {
        List<AvPair> out = new ArrayList<>(pairs);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).id() == pair.id()) {
                out.set(i, pair);
                return new TargetInfo(out);
            }
        }
        out.add(pair);
        return new TargetInfo(out);
    }

    /** MsvAvFlags, 0 when absent. */
    public int flags() {
        return find(AvId.FLAGS).filter(p -> p.length() == 4)
                .map(p -> {
                    byte[] v = p.value();
                    return (v[0] & 0xFF) | (v[1] & 0xFF) << 8 | (v[2] & 0xFF) << 16 | (v[3] & 0xFF) << 24;
                }).orElse(0);
    }

    /** MsvAvTimestamp as a FILETIME (100 ns ticks since 1601), if present and 8 bytes long. */
    public Optional<Long> timestamp() {
        return find(AvId.TIMESTAMP).filter(p -> p.length() == 8).map(p -> {
            byte[] v = p.value();
            long t = 0;
            for (int i = 7; i >= 0; i--) {
                t = t << 8 | (v[i] & 0xFF);
            }
            return t;
        });
    }

    public static AvPair flagsPair(int flags) {
        return new AvPair(AvId.FLAGS, Le.u32Bytes(flags));
    }

    public static AvPair timestampPair(long fileTime) {
        byte[] v = new byte[8];
        Le.put64(v, 0, fileTime);
        return new AvPair(AvId.TIMESTAMP, v);
    }

    /** The pairs followed by MsvAvEOL. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = new byte[4];
        for (AvPair p : pairs) {
            Le.put16(head, 0, p.id());
            Le.put16(head, 2, p.length());
            out.writeBytes(head);
            out.writeBytes(p.value());
        }
        out.writeBytes(new byte[4]);
        return out.toByteArray();
    }

    /**
     * Decodes pairs up to MsvAvEOL; bytes after it are ignored (the NTLMv2 blob has 4 reserved bytes there).
     *
     * @throws MalformedNtlmMessageException if a pair overruns the data, EOL is missing, or there are too many pairs
     */
    public static TargetInfo decode(byte[] data, int offset, int length) throws MalformedNtlmMessageException {
        Le.require(data, offset, length, "AV pair list");
        int end = offset + length;
        List<AvPair> pairs = new ArrayList<>();
        int pos = offset;
        while (true) {
            if (end - pos < 4) {
                throw new MalformedNtlmMessageException("AV pair list has no MsvAvEOL");
            }
            int id = Le.u16(data, pos, "AV id");
            int len = Le.u16(data, pos + 2, "AV length");
            pos += 4;
            if (id == AvId.EOL) {
                return new TargetInfo(pairs);
            }
            if (len > end - pos) {
                throw new MalformedNtlmMessageException("AV pair " + id + " of " + len + " bytes overruns the list");
            }
            if (pairs.size() == MAX_PAIRS) {
                throw new MalformedNtlmMessageException("more than " + MAX_PAIRS + " AV pairs");
            }
            pairs.add(new AvPair(id, Le.slice(data, pos, len, "AV value")));
            pos += len;
        }
    }

    public static TargetInfo decode(byte[] data) throws MalformedNtlmMessageException {
        return decode(data, 0, data.length);
    }
}
