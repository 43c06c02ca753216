package io.openwinrm.attack;

import io.openwinrm.transport.client.TlsClientSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Raw HTTP/1.1 on a socket, for requests no well-behaved client sends: heads without bodies, partial bodies, many
 * connections held open, a chosen local address. Responses are read by hand (status line, headers, a
 * {@code Content-Length} body).
 */
final class RawHttp {

    /** One response as read off the wire. */
    record Response(int status, List<String> headerLines, String body) {
        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst();
        }

        boolean hasHeaderStartingWith(String prefix) {
            return headerLines.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT)
                    .startsWith(prefix.toLowerCase(Locale.ROOT)));
        }
    }

    private RawHttp() {
    }

    /** A TCP connection to {@code uri}'s host and port from {@code local} (any port), TLS if it is https. */
    static Socket connect(URI uri, InetAddress local) throws IOException {
        Socket s = new Socket();
        try {
            if (local != null) {
                s.bind(new InetSocketAddress(local, 0));
            }
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            if (!"https".equals(uri.getScheme())) {
                return s;
            }
            javax.net.ssl.SSLSocket tls = TlsClientSettings.insecure().wrap(s, uri.getHost(), uri.getPort());
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** A {@code POST /wsman} head with the given extra header lines (each without CRLF). */
    static String head(URI uri, long contentLength, String... headerLines) {
        StringBuilder b = new StringBuilder("POST /wsman HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\n");
        for (String h : headerLines) {
            b.append(h).append("\r\n");
        }
        return b.append("Content-Length: ").append(contentLength).append("\r\n\r\n").toString();
    }

    static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        List<String> headers = new ArrayList<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            headers.add(h);
        }
        int length = 0;
        for (String line : headers) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Response(Integer.parseInt(statusLine.substring(9, 12)), headers, body);
    }

    /** Whether the server has closed the connection: EOF or reset, waiting at most the socket's timeout. */
    static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] sink = new byte[8192];
            while (true) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }
}
