package io.openwinrm.transport.server;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One listening socket.
 *
 * @param name             a name for logs and for {@link WsmanHttpRequest#listenerName()}
 * @param bind             address and port (port 0 picks an ephemeral port); WinRM's defaults are 5985 for HTTP
 *                         and 5986 for HTTPS ([MS-WSMV] 2.2.4.35)
 * @param tls              serve HTTPS
 * @param allowUnencrypted on a plain-HTTP listener, also offer schemes that cannot seal messages (Basic); WinRM's
 *                         AllowUnencrypted. Ignored when {@code tls} is set.
 */
public record ListenerConfig(String name, InetSocketAddress bind, boolean tls, boolean allowUnencrypted) {
    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bind, "bind");
        if (name.isBlank()) {
            throw new IllegalArgumentException("listener name must not be blank");
        }
    }

    /** Whether a scheme that sends secrets in clear may be used on this listener. */
    boolean permitsCleartextSecrets() {
        return tls || allowUnencrypted;
    }
}
