package io.openwinrm.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpFilterTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void starAllowsEverything() throws Exception {
        IpFilter f = IpFilter.parse("*", "*");
        assertThat(f.allowsAll()).isTrue();
        assertThat(f.allows(ip("203.0.113.9"))).isTrue();
        assertThat(f.allows(ip("2001:db8::1"))).isTrue();
        assertThat(IpFilter.ALLOW_ALL.allowsAll()).isTrue();
    }

    @Test
    void emptyAllowsNothingOfThatFamily() throws Exception {
        IpFilter f = IpFilter.parse("", "*");
        assertThat(f.allowsAll()).isFalse();
        assertThat(f.allows(ip("127.0.0.1"))).isFalse();
        assertThat(f.allows(ip("::1"))).isTrue();
    }

    @Test
    void windowsRangesAndSingleAddresses() throws Exception {
        IpFilter f = IpFilter.parse("10.0.0.5-10.0.0.9, 192.168.1.1", "");
        assertThat(f.allows(ip("10.0.0.5"))).isTrue();
        assertThat(f.allows(ip("10.0.0.9"))).isTrue();
        assertThat(f.allows(ip("10.0.0.7"))).isTrue();
        assertThat(f.allows(ip("10.0.0.4"))).isFalse();
        assertThat(f.allows(ip("10.0.0.10"))).isFalse();
        assertThat(f.allows(ip("192.168.1.1"))).isTrue();
        assertThat(f.allows(ip("192.168.1.2"))).isFalse();
        assertThat(f.allows(ip("::1"))).isFalse();
        assertThat(f.ipv4().toFilterString()).isEqualTo("10.0.0.5-10.0.0.9, 192.168.1.1");
    }

    @Test
    void rangesCompareUnsignedAcrossTheHighBit() throws Exception {
        IpFilter f = IpFilter.parse("127.0.0.1-200.0.0.1", "");
        assertThat(f.allows(ip("128.0.0.1"))).isTrue();
        assertThat(f.allows(ip("200.0.0.2"))).isFalse();
        assertThat(f.allows(ip("126.255.255.255"))).isFalse();
    }

    @Test
    void cidrBlocks() throws Exception {
        IpFilter f = IpFilter.parse("10.213.7.0/30, 127.0.0.0/8", "fe80::/64, 2001:db8::/32");
        assertThat(f.allows(ip("10.213.7.0"))).isTrue();
        assertThat(f.allows(ip("10.213.7.3"))).isTrue();
        assertThat(f.allows(ip("10.213.7.4"))).isFalse();
        assertThat(f.allows(ip("127.255.0.1"))).isTrue();
        assertThat(f.allows(ip("fe80::1234:5678"))).isTrue();
        assertThat(f.allows(ip("fe80:0:0:1::1"))).isFalse();
        assertThat(f.allows(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(f.allows(ip("2001:db9::1"))).isFalse();
        // host bits of the base are ignored; /0 is everything
        assertThat(IpFilter.parse("10.1.2.3/8", "").allows(ip("10.200.0.1"))).isTrue();
        assertThat(IpFilter.parse("0.0.0.0/0", "").allows(ip("8.8.8.8"))).isTrue();
        assertThat(IpFilter.parse("", "::1/128").allows(ip("::1"))).isTrue();
        assertThat(IpFilter.parse("", "::1/128").allows(ip("::2"))).isFalse();
    }

    @Test
    void ipv6Ranges() throws Exception {
        IpFilter f = IpFilter.parse("", "2001:db8::10-2001:db8::20");
        assertThat(f.allows(ip("2001:db8::15"))).isTrue();
        assertThat(f.allows(ip("2001:db8::21"))).isFalse();
        assertThat(f.allows(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void ipv4MappedClientsAreJudgedByTheIpv4Filter() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(v6).isInstanceOf(Inet6Address.class);
        assertThat(IpFilter.parse("10.0.0.0/8", "").allows(v6)).isTrue();
        assertThat(IpFilter.parse("192.168.0.0/16", "*").allows(v6)).isFalse();
        // an IPv6 filter entry written as a mapped address does not let the IPv4 client through by itself
        assertThat(IpFilter.parse("", "::ffff:10.0.0.1").allows(v6)).isFalse();
    }

    @Test
    void badEntriesAreTypedErrorsNamingTheEntry() {
        assertThatThrownBy(() -> IpFilter.parse("10.0.0.1-10.0.0.0", "*"))
                .isInstanceOf(InvalidIpFilterException.class).hasMessageContaining("IPv4Filter")
                .hasMessageContaining("starts after it ends");
        assertThatThrownBy(() -> IpFilter.parse("10.0.0.256", "*"))
                .isInstanceOf(InvalidIpFilterException.class).hasMessageContaining("\"10.0.0.256\"");
        assertThatThrownBy(() -> IpFilter.parse("localhost", "*"))
                .isInstanceOf(InvalidIpFilterException.class).hasMessageContaining("\"localhost\"");
        assertThatThrownBy(() -> IpFilter.parse("10.0.0.0/33", "*"))
                .isInstanceOf(InvalidIpFilterException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> IpFilter.parse("10.0.0.1,,10.0.0.2", "*"))
                .isInstanceOf(InvalidIpFilterException.class).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> IpFilter.parse("*", "10.0.0.1"))
                .isInstanceOf(InvalidIpFilterException.class).hasMessageContaining("IPv6Filter");
        assertThatThrownBy(() -> IpFilter.parse("::1", "*"))
                .isInstanceOf(InvalidIpFilterException.class).hasMessageContaining("IPv4Filter");
        assertThatThrownBy(() -> IpFilter.parse("*", "fe80::1%eth0"))
                .isInstanceOf(InvalidIpFilterException.class);
    }

    @Test
    void refusalsAreLoggedOncePerMinutePerAddress() throws Exception {
        long[] now = {0};
        IpFilterHandler h = new IpFilterHandler("http", IpFilter.parse("", ""), () -> now[0]);
        assertThat(h.shouldLog(ip("10.0.0.1"))).isTrue();
        assertThat(h.shouldLog(ip("10.0.0.1"))).isFalse();
        assertThat(h.shouldLog(ip("10.0.0.2"))).isTrue();
        now[0] += IpFilterHandler.LOG_INTERVAL_NANOS - 1;
        assertThat(h.shouldLog(ip("10.0.0.1"))).isFalse();
        now[0] += 1;
        assertThat(h.shouldLog(ip("10.0.0.1"))).isTrue();
    }
}
