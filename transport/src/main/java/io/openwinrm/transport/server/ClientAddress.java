package io.openwinrm.transport.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The key under which per-client limits (connections, authentication failures) count a peer: an IPv4 address as
 * it is (an IPv4-mapped IPv6 address, RFC 4291 2.5.5.2, as its IPv4 address), an IPv6 address by its /64 prefix,
 * because one IPv6 host or subscriber is normally given a whole /64 (RFC 6177) and could otherwise rotate through it.
 */
final class ClientAddress {

    static final int IPV6_PREFIX_BYTES = 8;

    private ClientAddress() {
    }

    static InetAddress key(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address;
        }
        byte[] b = address.getAddress();
        try {
            if (address instanceof Inet6Address && isIpv4Mapped(b)) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            }
            byte[] prefix = new byte[16];
            System.arraycopy(b, 0, prefix, 0, IPV6_PREFIX_BYTES);
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of valid length refused", e);
        }
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
}
