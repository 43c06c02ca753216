package io.openwinrm.transport.server;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The addresses of one family a listener accepts, in the syntax of WinRM's {@code winrm/config/service}
 * {@code IPv4Filter} / {@code IPv6Filter} ([MS-WSMV] 2.2.4.36 ServiceType; {@code winrm help config}):
 * {@code "*"} for any address, an empty string for none, or a comma-separated list of single addresses and inclusive
 * ranges {@code "first-last"}. CIDR blocks ({@code "10.0.0.0/24"}, {@code "fe80::/64"}) are accepted as well.
 * Only address literals are accepted, never host names (no DNS lookup happens).
 *
 * @param family the address family every range belongs to
 * @param any    {@code "*"}: every address of the family
 * @param ranges inclusive ranges (ignored when {@code any})
 */
public record AddressRanges(Family family, boolean any, List<Range> ranges) {

    /** An address family with its address length. */
    public enum Family {
        IPV4(4, "IPv4Filter"), IPV6(16, "IPv6Filter");

        private final int bytes;
        private final String windowsName;

        Family(int bytes, String windowsName) {
            this.bytes = bytes;
            this.windowsName = windowsName;
        }

        public int bytes() {
            return bytes;
        }

        /** The WinRM configuration name of this family's filter. */
        public String windowsName() {
            return windowsName;
        }
    }

    /** Inclusive range of addresses {@code first..last} (network byte order, compared unsigned). */
    public record Range(byte[] first, byte[] last) {
        public Range {
            first = first.clone();
            last = last.clone();
            if (first.length != last.length || Arrays.compareUnsigned(first, last) > 0) {
                throw new IllegalArgumentException("range start after end");
            }
        }

        @Override
        public byte[] first() {
            return first.clone();
        }

        @Override
        public byte[] last() {
            return last.clone();
        }

        boolean contains(byte[] address) {
            return Arrays.compareUnsigned(first, address) <= 0 && Arrays.compareUnsigned(address, last) <= 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Range r && Arrays.equals(first, r.first) && Arrays.equals(last, r.last);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(first) + Arrays.hashCode(last);
        }

        @Override
        public String toString() {
            String a = NetUtil.bytesToIpAddress(first);
            return Arrays.equals(first, last) ? a : a + "-" + NetUtil.bytesToIpAddress(last);
        }
    }

    public AddressRanges {
        Objects.requireNonNull(family, "family");
        ranges = any ? List.of() : List.copyOf(ranges);
        for (Range r : ranges) {
            if (r.first.length != family.bytes()) {
                throw new IllegalArgumentException("range " + r + " is not " + family);
            }
        }
    }

    /** Every address of {@code family}. */
    public static AddressRanges any(Family family) {
        return new AddressRanges(family, true, List.of());
    }

    /** No address of {@code family}. */
    public static AddressRanges none(Family family) {
        return new AddressRanges(family, false, List.of());
    }

    /**
     * Parses a filter value.
     *
     * @throws InvalidIpFilterException naming the first entry that is not an address, range or CIDR block of
     *                                  {@code family}
     */
    public static AddressRanges parse(String text, Family family) {
        Objects.requireNonNull(text, family.windowsName());
        String trimmed = text.strip();
        if (trimmed.equals("*")) {
            return any(family);
        }
        List<Range> ranges = new ArrayList<>();
        if (trimmed.isEmpty()) {
            return new AddressRanges(family, false, ranges);
        }
        for (String raw : trimmed.split(",", -1)) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                throw new InvalidIpFilterException(family.windowsName() + ": empty entry in \"" + text + "\"");
            }
            ranges.add(entry(entry, family));
        }
        return new AddressRanges(family, false, ranges);
    }

    private static Range entry(String entry, Family family) {
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            byte[] base = address(entry.substring(0, slash).strip(), family, entry);
            int prefix;
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > family.bytes() * 8) {
                throw new InvalidIpFilterException(family.windowsName() + ": bad prefix length in \"" + entry
                        + "\" (0-" + family.bytes() * 8 + ")");
            }
            return cidr(base, prefix);
        }
        int dash = entry.indexOf('-');
        if (dash >= 0) {
            byte[] first = address(entry.substring(0, dash).strip(), family, entry);
            byte[] last = address(entry.substring(dash + 1).strip(), family, entry);
            if (Arrays.compareUnsigned(first, last) > 0) {
                throw new InvalidIpFilterException(family.windowsName() + ": range \"" + entry
                        + "\" starts after it ends");
            }
            return new Range(first, last);
        }
        byte[] a = address(entry, family, entry);
        return new Range(a, a);
    }

    /** The block {@code base/prefix} (host bits of {@code base} are ignored). */
    public static Range cidr(byte[] base, int prefix) {
        byte[] first = base.clone();
        byte[] last = base.clone();
        for (int bit = prefix; bit < base.length * 8; bit++) {
            int mask = 0x80 >>> (bit % 8);
            first[bit / 8] &= (byte) ~mask;
            last[bit / 8] |= (byte) mask;
        }
        return new Range(first, last);
    }

    private static byte[] address(String literal, Family family, String entry) {
        boolean looksV6 = literal.indexOf(':') >= 0;
        byte[] bytes = null;
        if (family == Family.IPV4 && !looksV6 && NetUtil.isValidIpV4Address(literal)) {
            bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        } else if (family == Family.IPV6 && looksV6 && literal.indexOf('%') < 0
                && NetUtil.isValidIpV6Address(literal)) {
            bytes = NetUtil.createByteArrayFromIpAddressString(literal);
            if (bytes != null && bytes.length == 4) {
                bytes = mapped(bytes);
            }
        }
        if (bytes == null || bytes.length != family.bytes()) {
            throw new InvalidIpFilterException(family.windowsName() + ": \"" + entry + "\" is not an "
                    + (family == Family.IPV4 ? "IPv4" : "IPv6") + " address, range or CIDR block");
        }
        return bytes;
    }

    private static byte[] mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    /** Whether {@code address} (of this family's length) is accepted. */
    public boolean contains(byte[] address) {
        if (address.length != family.bytes()) {
            return false;
        }
        if (any) {
            return true;
        }
        for (Range r : ranges) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The filter in WinRM syntax: {@code "*"}, {@code ""} or the ranges joined by {@code ", "}. */
    public String toFilterString() {
        if (any) {
            return "*";
        }
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(r);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return family.windowsName() + "=\"" + toFilterString() + "\"";
    }
}
