package io.openwinrm.server.dispatch;

import io.openwinrm.protocol.wsman.Header;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The name written in {@code f:WSManFault/@Machine}: Windows writes the host the client addressed (recorded:
 * {@code a:To https://127.0.0.1:55986/wsman} gives {@code Machine="127.0.0.1"}, {@code
 * https://server2008r2.domain.local:5986/wsman} gives {@code server2008r2.domain.local}), not its own computer name.
 * Taken from the request's {@code a:To}, else from the HTTP {@code Host} header, else the configured machine name;
 * only a syntactically valid host name or IP literal is echoed.
 */
final class FaultMachine {

    /** RFC 1123 host names (with an optional trailing dot), IPv4 literals, bracketed IPv6 literals. */
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
                    + "|\\[[0-9A-Fa-f:.]{2,45}(?:%[A-Za-z0-9._~-]{1,32})?\\]");
    private static final int MAX_HOST = 253;

    private FaultMachine() {
    }

    /**
     * @param requestHeader the request's header, or null when it could not be read
     * @param httpHost      the HTTP Host header's value, or null
     * @param fallback      the configured machine name
     */
    static String of(Header requestHeader, String httpHost, String fallback) {
        if (requestHeader != null && requestHeader.to() != null) {
            String h = hostOfUri(requestHeader.to());
            if (h != null) {
                return h;
            }
        }
        if (httpHost != null) {
            String h = hostOfAuthority(httpHost.strip());
            if (h != null) {
                return h;
            }
        }
        return fallback;
    }

    private static String hostOfUri(String to) {
        try {
            URI uri = new URI(to.strip());
            return uri.getRawAuthority() == null ? null : hostOfAuthority(uri.getRawAuthority());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** {@code host[:port]} or {@code [v6][:port]}, without user info; null when not a plain host. */
    private static String hostOfAuthority(String authority) {
        if (authority.isEmpty() || authority.length() > MAX_HOST + 8 || authority.indexOf('@') >= 0) {
            return null;
        }
        String host;
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            host = end < 0 ? authority : authority.substring(0, end + 1);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
        }
        if (host.length() > MAX_HOST || !HOST.matcher(host).matches()) {
            return null;
        }
        return host;
    }
}
