package io.openwinrm.client.internal;

import io.openwinrm.transport.client.HttpResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Schemes that put the same {@code Authorization} value on every request: Basic ([RFC 7617]) and certificate
 * authentication (the literal {@code .../secprofile/https/mutual}, the TLS layer presenting the certificate). No
 * value at all for the unauthenticated Identify.
 */
final class HeaderAuth implements ConnectionAuth {

    static final String CERTIFICATE_AUTHORIZATION = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/mutual";

    private final String authorization;

    /** @param authorization the header value, or null for none */
    HeaderAuth(String authorization) {
        this.authorization = authorization;
    }

    @Override
    public Reply exchange(PooledConnection conn, String path, byte[] soap, List<Map.Entry<String, String>> headers)
            throws IOException {
        List<Map.Entry<String, String>> h = new ArrayList<>(headers.size() + 2);
        h.add(Map.entry("Content-Type", WsmanChannel.SOAP_CONTENT_TYPE));
        if (authorization != null) {
            h.add(Map.entry("Authorization", authorization));
        }
        h.addAll(headers);
        HttpResponse r = conn.http.exchange("POST", path, h, soap);
        return new Reply(r.status(), r.body());
    }
}
