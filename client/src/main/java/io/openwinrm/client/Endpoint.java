package io.openwinrm.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a WinRM service listens: scheme, host, port and path ({@code /wsman}). Parsed from what users type:
 * {@code host}, {@code host:port}, {@code [::1]:5986} or a full URL such as {@code https://host:5986/wsman}.
 * A bare host means HTTPS on 5986 unless plain HTTP is asked for (then 5985), as PowerShell's {@code -UseSSL}.
 */
public record Endpoint(boolean https, String host, int port, String path) {

    public static final int HTTP_PORT = 5985;
    public static final int HTTPS_PORT = 5986;
    public static final String DEFAULT_PATH = "/wsman";

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        path = path == null || path.isEmpty() ? DEFAULT_PATH : path;
    }

    /** Parses {@code text}; a bare host or host:port uses HTTPS unless {@code preferHttp}. */
    public static Endpoint parse(String text, boolean preferHttp) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (t.contains("://")) {
            try {
                URI u = new URI(t);
                String scheme = u.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new IllegalArgumentException("unsupported scheme '" + u.getScheme() + "' in " + t);
                }
                boolean https = scheme.equals("https");
                if (u.getHost() == null) {
                    throw new IllegalArgumentException("no host in " + t);
                }
                int port = u.getPort() > 0 ? u.getPort() : (https ? HTTPS_PORT : HTTP_PORT);
                return new Endpoint(https, stripBrackets(u.getHost()), port, u.getRawPath());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("invalid URL: " + t);
            }
        }
        boolean https = !preferHttp;
        String host = t;
        int port = https ? HTTPS_PORT : HTTP_PORT;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("invalid host: " + t);
            }
            host = t.substring(1, close);
            if (close + 1 < t.length()) {
                port = parsePort(t.substring(close + 1), t);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = parsePort(t.substring(t.indexOf(':')), t);
        }
        return new Endpoint(https, host, port, DEFAULT_PATH);
    }

    private static int parsePort(String colonPort, String whole) {
        if (!colonPort.startsWith(":") || colonPort.length() < 2) {
            throw new IllegalArgumentException("invalid host:port: " + whole);
        }
        try {
            return Integer.parseInt(colonPort.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in " + whole);
        }
    }

    private static String stripBrackets(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The URL form, e.g. {@code https://host:5986/wsman}. */
    public URI uri() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create((https ? "https" : "http") + "://" + h + ":" + port + path);
    }

    @Override
    public String toString() {
        return uri().toString();
    }
}
