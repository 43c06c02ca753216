package io.openwinrm.transport.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Which client addresses a listener accepts: WinRM's {@code IPv4Filter} and {@code IPv6Filter} of
 * {@code winrm/config/service} ([MS-WSMV] 2.2.4.36 ServiceType). An IPv4 client that reaches a dual-stack socket as an
 * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, RFC 4291 2.5.5.2) is judged by the IPv4 filter, as it would be on
 * an IPv4 socket. Enforced by {@link IpFilterHandler} when a connection is accepted.
 *
 * @param ipv4 the IPv4Filter
 * @param ipv6 the IPv6Filter
 */
public record IpFilter(AddressRanges ipv4, AddressRanges ipv6) {

    /** {@code "*"} for both families: WinRM's default. */
    public static final IpFilter ALLOW_ALL = new IpFilter(AddressRanges.any(AddressRanges.Family.IPV4),
            AddressRanges.any(AddressRanges.Family.IPV6));

    public IpFilter {
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        if (ipv4.family() != AddressRanges.Family.IPV4 || ipv6.family() != AddressRanges.Family.IPV6) {
            throw new IllegalArgumentException("ipv4/ipv6 filters of the wrong family");
        }
    }

    /**
     * Parses both filter values (WinRM syntax, plus CIDR blocks).
     *
     * @throws InvalidIpFilterException naming the filter and the entry that is wrong
     */
    public static IpFilter parse(String ipv4Filter, String ipv6Filter) {
        return new IpFilter(AddressRanges.parse(ipv4Filter, AddressRanges.Family.IPV4),
                AddressRanges.parse(ipv6Filter, AddressRanges.Family.IPV6));
    }

    /** Whether every address is allowed (the handler is then left out of the pipeline). */
    public boolean allowsAll() {
        return ipv4.any() && ipv6.any();
    }

    /** Whether a client at {@code address} may connect. */
    public boolean allows(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4.contains(bytes);
        }
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            byte[] v4 = new byte[4];
            System.arraycopy(bytes, 12, v4, 0, 4);
            return ipv4.contains(v4);
        }
        return ipv6.contains(bytes);
    }

    private static boolean isIpv4Mapped(byte[] b) {
        if (b.length != 16 || b[10] != (byte) 0xff || b[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return ipv4 + " " + ipv6;
    }
}
