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
 * @param host         the HTTP {@code Host} header as sent (unvalidated), or null
 */
public record WsmanHttpRequest(byte[] body, Charset charset, AuthenticatedUser user, InetSocketAddress remote,
                               InetSocketAddress local, boolean secure, String listenerName, String host) {
    public WsmanHttpRequest {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(listenerName, "listenerName");
    }

    /** A request without a Host header. */
    public WsmanHttpRequest(byte[] body, Charset charset, AuthenticatedUser user, InetSocketAddress remote,
            InetSocketAddress local, boolean secure, String listenerName) {
        this(body, charset, user, remote, local, secure, listenerName, null);
    }

    /** {@code true} for an unauthenticated Identify. */
    public boolean anonymous() {
        return user == null;
    }
}
