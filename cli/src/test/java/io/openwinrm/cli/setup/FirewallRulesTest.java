package io.openwinrm.cli.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirewallRulesTest {

    private static final List<Subnet> NETS = List.of(Subnet.LOOPBACK_V4, Subnet.of("10.213.4.7", 30),
            Subnet.LOOPBACK_V6, Subnet.of("fe80::1:2", 64));

    @Test
    void publicNetworkAllowsLocalSubnetsAndDropsTheRest() {
        String rules = FirewallRules.render(List.of(5986, 5985), NETS);
        assertThat(rules).isEqualTo("""
                #!/usr/sbin/nft -f
                # managed by openwinrm enable: WinRM listeners (openwinrm disable removes it)
                table inet openwinrm
                delete table inet openwinrm
                table inet openwinrm {
                \tchain input {
                \t\ttype filter hook input priority filter; policy accept;
                \t\tiif "lo" tcp dport { 5985, 5986 } accept
                \t\tip saddr { 127.0.0.0/8, 10.213.4.4/30 } tcp dport { 5985, 5986 } accept
                \t\tip6 saddr { ::1/128, fe80::/64 } tcp dport { 5985, 5986 } accept
                \t\ttcp dport { 5985, 5986 } drop comment "public network: local subnets only"
                \t}
                }
                """);
    }

    @Test
    void allNetworksAcceptsThePorts() {
        assertThat(FirewallRules.render(List.of(5985), null))
                .contains("tcp dport { 5985 } accept comment \"all networks\"").doesNotContain("drop")
                .doesNotContain("saddr");
    }

    @Test
    void nftAcceptsTheRuleset(@TempDir Path dir) throws Exception {
        Host host = Host.live();
        assumeTrue(host.hasCommand("nft"), "nft is not installed");
        for (List<Subnet> nets : java.util.Arrays.asList(NETS, null)) {
            Path file = dir.resolve("rules.nft");
            Files.writeString(file, FirewallRules.render(List.of(5986, 5985), nets));
            Host.Result r = host.run(List.of("nft", "-c", "-f", file.toString()));
            assertThat(r.exitCode()).as(r.output()).isZero();
        }
    }

    @Test
    void subnetsAreMaskedAndLocalOnesIncludeLoopback() {
        assertThat(Subnet.of("192.168.7.77", 24).cidr()).isEqualTo("192.168.7.0/24");
        assertThat(Subnet.of("2001:db8::1", 32).cidr()).isEqualTo("2001:db8::/32");
        assertThat(Subnet.local()).contains(Subnet.LOOPBACK_V4, Subnet.LOOPBACK_V6);
        assertThat(Subnet.join(NETS, true)).isEqualTo("127.0.0.0/8, 10.213.4.4/30");
    }

    @Test
    void diffShowsRemovedAndAddedLines() {
        assertThat(TextDiff.diff("a\nb\nc\n", "a\nB\nc\nd\n")).isEqualTo("- b\n+ B\n+ d");
    }
}
