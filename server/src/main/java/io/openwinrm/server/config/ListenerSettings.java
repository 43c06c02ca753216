package io.openwinrm.server.config;

import java.util.Objects;

/**
 * One configured listener ([MS-WSMV] 2.2.4.35 Listener): where it binds and whether it speaks HTTPS.
 *
 * @param name             name used in logs and the config file
 * @param address          bind address ({@code 0.0.0.0}, {@code ::}, {@code 127.0.0.1}...)
 * @param port             TCP port, 0 for an ephemeral one (tests); WinRM: 5985 HTTP, 5986 HTTPS
 * @param https            TLS on this listener
 * @param allowUnencrypted plain HTTP only: also accept Basic and unencrypted messages (WinRM's AllowUnencrypted)
 */
public record ListenerSettings(String name, String address, int port, boolean https, boolean allowUnencrypted) {

    public ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listener " + name + ": port out of range: " + port);
        }
    }

    public static ListenerSettings https(String address, int port) {
        return new ListenerSettings("https", address, port, true, false);
    }

    public static ListenerSettings http(String address, int port) {
        return new ListenerSettings("http", address, port, false, false);
    }
}
