package io.openwinrm.transport.server;

import io.openwinrm.auth.spi.AuthenticatedUser;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * One request as the application sees it: the SOAP body and who sent it.
 *
 * @param body         the request body; owned by the receiver (not copied, not shared)
 * @param charset      from the {@code Content-Type} charset parameter: UTF-8 (default) or UTF-16/-LE/-BE
 *                     ([MS-WSMV] 2.2.1)
 * @param user         the authenticated user; {@code null} only for {@link
 *                     WsmanRequestHandler#identifyAnonymously}
 * @param remote       peer address
 * @param local        local address
 * @param secure       {@code true} on a TLS listener
 * @param listenerName the configured listener name
 */
public record WsmanHttpRequest(byte[] body, Charset charset, AuthenticatedUser user, InetSocketAddress remote,
                               InetSocketAddress local, boolean secure, String listenerName) {
    public WsmanHttpRequest {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(listenerName, "listenerName");
    }

    /** {@code true} for an unauthenticated Identify. */
    public boolean anonymous() {
        return user == null;
    }
}
