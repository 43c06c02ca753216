package io.openwinrm.server.config;

import io.openwinrm.transport.server.IpFilter;
import java.util.Objects;

/**
 * One configured listener ([MS-WSMV] 2.2.4.35 Listener): where it binds and whether it speaks HTTPS.
 *
 * @param name             name used in logs and the config file
 * @param address          bind address ({@code 0.0.0.0}, {@code ::}, {@code 127.0.0.1}...)
 * @param port             TCP port, 0 for an ephemeral one (tests); WinRM: 5985 HTTP, 5986 HTTPS
 * @param https            TLS on this listener
 * @param allowUnencrypted plain HTTP only: also accept Basic and unencrypted messages (WinRM's AllowUnencrypted)
 * @param ipFilter         client addresses allowed to connect: WinRM's {@code winrm/config/service} IPv4Filter and
 *                         IPv6Filter ([MS-WSMV] 2.2.4.36 ServiceType), enforced at accept; {@link IpFilter#ALLOW_ALL} by default
 */
public record ListenerSettings(String name, String address, int port, boolean https, boolean allowUnencrypted,
        IpFilter ipFilter) {

    public ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(ipFilter, "ipFilter");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listener " + name + ": port out of range: " + port);
        }
    }

    /** A listener open to every client address. */
    public ListenerSettings(String name, String address, int port, boolean https, boolean allowUnencrypted) {
        this(name, address, port, https, allowUnencrypted, IpFilter.ALLOW_ALL);
    }

    /** This listener accepting only the clients {@code filter} allows. */
    public ListenerSettings withIpFilter(IpFilter filter) {
        return new ListenerSettings(name, address, port, https, allowUnencrypted, filter);
    }

    public static ListenerSettings https(String address, int port) {
        return new ListenerSettings("https", address, port, true, false);
    }

    public static ListenerSettings http(String address, int port) {
        return new ListenerSettings("http", address, port, false, false);
    }
}
