package io.openwinrm.cli.setup;

import java.util.List;

/**
 * The {@code openwinrm.toml} that {@code enable} writes: WinRM's two listeners, the IP filter, and per-user
 * isolation required ({@code security.isolation = "on"}).
 */
public final class ConfigTemplate {

    public static final int HTTPS_PORT = 5986;
    public static final int HTTP_PORT = 5985;

    private ConfigTemplate() {
    }

    /**
     * @param allowed networks allowed to connect (IPv4Filter / IPv6Filter), or null for {@code "*"}
     * @param why     one line saying where the filter comes from
     */
    public static String render(List<Subnet> allowed, String why) {
        String v4 = allowed == null ? "*" : Subnet.join(allowed, true);
        String v6 = allowed == null ? "*" : Subnet.join(allowed, false);
        return "# " + ManagedFile.MARKER + "; remove this line to keep your own edits across 'openwinrm enable'.\n"
                + "# Check with 'openwinrm config check'. Keys: README.md, section Configuration.\n"
                + "\n"
                + "[service]\n"
                + "# " + why + "\n"
                + "ipv4_filter = \"" + v4 + "\"\n"
                + "ipv6_filter = \"" + v6 + "\"\n"
                + "\n"
                + "[tls]\n"
                + "certificate = \"tls/server.crt\"\n"
                + "private_key = \"tls/server.key\"\n"
                + "\n"
                + "[accounts]\n"
                + "file = \"accounts\"\n"
                + "\n"
                + "[security]\n"
                + "# commands run as each caller's own OS account; the service refuses to start if it cannot\n"
                + "isolation = \"on\"\n"
                + "hide_processes = true\n"
                + "\n"
                + "[[listener]]\n"
                + "name = \"https\"\n"
                + "address = \"0.0.0.0\"\n"
                + "port = " + HTTPS_PORT + "\n"
                + "transport = \"https\"\n"
                + "\n"
                + "[[listener]]\n"
                + "name = \"http\"\n"
                + "address = \"0.0.0.0\"\n"
                + "port = " + HTTP_PORT + "\n"
                + "transport = \"http\"\n";
    }
}
