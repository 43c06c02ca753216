package io.openwinrm.transport.server;

import java.util.Objects;

/**
 * A reply: HTTP status (200, or 500 for a SOAP fault, [MS-WSMV] 3.1.4.1.3) and the SOAP envelope in UTF-8. It is
 * written with {@code Content-Type: application/soap+xml;charset=UTF-8} and a {@code Content-Length}. The body
 * array is handed over to the transport and wrapped without copying; do not modify it afterwards.
 */
public record WsmanReply(int status, byte[] body) {
    public WsmanReply {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("reply status must be 2xx-5xx: " + status);
        }
        Objects.requireNonNull(body, "body");
    }

    public static WsmanReply ok(byte[] body) {
        return new WsmanReply(200, body);
    }

    public static WsmanReply fault(byte[] body) {
        return new WsmanReply(500, body);
    }
}
