package io.openwinrm.cli.setup;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The nftables ruleset for the listeners: one dedicated {@code table inet openwinrm} (no other table is touched).
 * The file replaces the table atomically when loaded with {@code nft -f} (declare, delete, define), so loading it
 * again is harmless. On a public network only the local subnets and loopback reach the ports; with all networks
 * allowed the ports are accepted from anywhere (by this table: another table's drop still applies).
 */
public final class FirewallRules {

    public static final String TABLE = "openwinrm";

    private FirewallRules() {
    }

    /**
     * @param ports   the listeners' TCP ports
     * @param allowed the networks allowed to connect, or null for every address
     */
    public static String render(List<Integer> ports, List<Subnet> allowed) {
        String portSet = "{ " + ports.stream().distinct().sorted().map(String::valueOf)
                .collect(Collectors.joining(", ")) + " }";
        StringBuilder sb = new StringBuilder();
        sb.append("#!/usr/sbin/nft -f\n")
          .append("# ").append(ManagedFile.MARKER).append(": WinRM listeners (openwinrm disable removes it)\n")
          .append("table inet ").append(TABLE).append("\n")
          .append("delete table inet ").append(TABLE).append("\n")
          .append("table inet ").append(TABLE).append(" {\n")
          .append("\tchain input {\n")
          .append("\t\ttype filter hook input priority filter; policy accept;\n");
        if (allowed == null) {
            sb.append("\t\ttcp dport ").append(portSet).append(" accept comment \"all networks\"\n");
        } else {
            sb.append("\t\tiif \"lo\" tcp dport ").append(portSet).append(" accept\n");
            String v4 = Subnet.join(allowed, true);
            String v6 = Subnet.join(allowed, false);
            if (!v4.isEmpty()) {
                sb.append("\t\tip saddr { ").append(v4).append(" } tcp dport ").append(portSet).append(" accept\n");
            }
            if (!v6.isEmpty()) {
                sb.append("\t\tip6 saddr { ").append(v6).append(" } tcp dport ").append(portSet).append(" accept\n");
            }
            sb.append("\t\ttcp dport ").append(portSet).append(" drop comment \"public network: local subnets only\"\n");
        }
        sb.append("\t}\n}\n");
        return sb.toString();
    }
}
