package io.openwinrm.cli.setup;

import io.openwinrm.transport.server.AddressRanges;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * An IP network in CIDR form, as the listener filter and the firewall rules name it.
 *
 * @param network the network address (host bits zero)
 * @param prefix  the prefix length
 */
public record Subnet(InetAddress network, int prefix) {

    public static final Subnet LOOPBACK_V4 = of("127.0.0.0", 8);
    public static final Subnet LOOPBACK_V6 = of("::1", 128);

    public Subnet {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
        network = masked(network, prefix);
    }

    public static Subnet of(String literal, int prefix) {
        try {
            return new Subnet(InetAddress.getByName(literal), prefix);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
    }

    public boolean ipv4() {
        return network instanceof Inet4Address;
    }

    /** {@code "10.0.0.0/24"}, {@code "fe80::/64"}. */
    public String cidr() {
        return io.netty.util.NetUtil.toAddressString(network).toLowerCase(Locale.ROOT) + "/" + prefix;
    }

    private static InetAddress masked(InetAddress a, int prefix) {
        AddressRanges.Range r = AddressRanges.cidr(a.getAddress(), prefix);
        try {
            return InetAddress.getByAddress(r.first());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The subnets of this host's interface addresses, loopback included (always), sorted IPv4 first, no duplicates.
     */
    public static List<Subnet> local() {
        TreeSet<Subnet> out = new TreeSet<>(ORDER);
        out.add(LOOPBACK_V4);
        out.add(LOOPBACK_V6);
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) {
                    continue;
                }
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    if (ia.getAddress() != null && ia.getNetworkPrefixLength() >= 0) {
                        out.add(new Subnet(ia.getAddress(), ia.getNetworkPrefixLength()));
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: loopback only
        }
        return new ArrayList<>(out);
    }

    static final Comparator<Subnet> ORDER = Comparator.comparing((Subnet s) -> !s.ipv4())
            .thenComparing(s -> s.network().getAddress(), java.util.Arrays::compareUnsigned)
            .thenComparingInt(Subnet::prefix);

    /** The CIDR blocks of one family joined for a filter value: {@code "127.0.0.0/8, 10.0.0.0/24"}. */
    public static String join(List<Subnet> subnets, boolean ipv4) {
        return String.join(", ", subnets.stream().filter(s -> s.ipv4() == ipv4).map(Subnet::cidr).toList());
    }

    @Override
    public String toString() {
        return cidr();
    }
}
