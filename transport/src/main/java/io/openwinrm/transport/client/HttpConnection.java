package io.openwinrm.transport.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

/**
 * A blocking HTTP/1.1 client over one TCP connection (optionally TLS), kept alive across exchanges (RFC 9112
 * section 9.3). Requests always carry {@code Content-Length}; responses may be length-delimited, chunked or
 * close-delimited. If a kept-alive connection turns out to have been closed by the server before any byte of the
 * reply arrived, the request is sent once more on a new connection; {@link #isFresh()} then tells a connection-bound
 * authenticator (NTLM) that its context is gone.
 *
 * <p>Not thread-safe: one exchange at a time.
 */
public final class HttpConnection implements AutoCloseable {

    static final int BUFFER_SIZE = 64 * 1024;
    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /**
     * @param connectTimeout   TCP connect (and TLS handshake) timeout
     * @param readTimeout      longest wait for any byte of the response; must exceed the WS-Man OperationTimeout
     * @param maxResponseBytes largest accepted response body
     */
    public record Options(Duration connectTimeout, Duration readTimeout, int maxResponseBytes) {
        public Options {
            if (connectTimeout.isNegative() || readTimeout.isNegative() || maxResponseBytes < 0) {
                throw new IllegalArgumentException("negative timeout or size");
            }
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), Duration.ofSeconds(120), 64 * 1024 * 1024);
        }
    }

    private final String host;
    private final int port;
    private final TlsClientSettings tls;
    private final Options options;

    private Socket socket;
    private java.security.cert.X509Certificate serverCertificate;
    private InputStream in;
    private OutputStream out;
    private boolean fresh = true;
    private boolean responseStarted;
    private int connectionsOpened;

    /**
     * @param tls {@code null} for plain HTTP
     */
    public HttpConnection(String host, int port, TlsClientSettings tls, Options options) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        this.tls = tls;
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Sends one request and reads its response.
     *
     * @param headers extra request headers in order; {@code Host} is added unless given, {@code Content-Length} is
     *                always computed, {@code Transfer-Encoding} is refused
     * @param body    the request body, possibly empty
     * @throws TlsHandshakeFailedException if the server's certificate is not accepted
     * @throws IOException                 on connection errors or a malformed response; the connection is closed
     */
    public HttpResponse exchange(String method, String path, List<Map.Entry<String, String>> headers, byte[] body)
            throws IOException {
        byte[] head = requestHead(method, path, headers, body.length);
        boolean reused = socket != null;
        if (!reused) {
            connect();
        }
        fresh = !reused;
        try {
            return send(method, head, body);
        } catch (IOException e) {
            boolean retry = reused && !responseStarted && !(e instanceof SocketTimeoutException);
            closeQuietly();
            if (!retry) {
                throw e;
            }
        }
        connect();
        fresh = true;
        try {
            return send(method, head, body);
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Opens the connection (TCP, and the TLS handshake) now if it is not open, so that the server certificate is
     * known before the first request; a no-op on an open connection.
     */
    public void open() throws IOException {
        if (socket == null) {
            connect();
            fresh = true;
        }
    }

    /**
     * The server's leaf certificate on a TLS connection that is open, else empty: the input of channel binding
     * (RFC 5929 tls-server-end-point).
     */
    public java.util.Optional<java.security.cert.X509Certificate> serverCertificate() {
        return socket == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(serverCertificate);
    }

    /** {@code true} if the last exchange ran on a newly opened connection (or no exchange has run yet). */
    public boolean isFresh() {
        return fresh;
    }

    public boolean isOpen() {
        return socket != null;
    }

    /** How many TCP connections this object has opened so far. */
    public int connectionsOpened() {
        return connectionsOpened;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private HttpResponse send(String method, byte[] head, byte[] body) throws IOException {
        responseStarted = false;
        out.write(head);
        out.write(body);
        out.flush();
        HttpResponse response;
        ResponseReader.Result result;
        do {
            result = ResponseReader.read(in, "HEAD".equalsIgnoreCase(method), options.maxResponseBytes(),
                    () -> responseStarted = true);
            response = result.response();
        } while (response.status() >= 100 && response.status() < 200);
        if (!result.keepAlive()) {
            closeQuietly();
        }
        return response;
    }

    private void connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.setKeepAlive(true);
            plain.connect(new InetSocketAddress(host, port), (int) options.connectTimeout().toMillis());
            Socket s = plain;
            if (tls != null) {
                plain.setSoTimeout((int) options.connectTimeout().toMillis());
                SSLSocket ssl = tls.wrap(plain, host, port);
                try {
                    ssl.startHandshake();
                } catch (SSLHandshakeException e) {
                    throw new TlsHandshakeFailedException("TLS handshake with " + host + ":" + port + " failed: "
                            + rootMessage(e), e);
                }
                s = ssl;
                java.security.cert.Certificate[] peer = ssl.getSession().getPeerCertificates();
                serverCertificate = peer.length > 0 && peer[0] instanceof java.security.cert.X509Certificate x
                        ? x : null;
            }
            s.setSoTimeout((int) options.readTimeout().toMillis());
            socket = s;
            in = new BufferedInputStream(s.getInputStream(), BUFFER_SIZE);
            out = new BufferedOutputStream(s.getOutputStream(), BUFFER_SIZE);
            connectionsOpened++;
        } catch (IOException | RuntimeException e) {
            try {
                plain.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    private byte[] requestHead(String method, String path, List<Map.Entry<String, String>> headers, int length) {
        if (method.isEmpty() || method.chars().anyMatch(c -> c < 'A' || c > 'Z') || path.isEmpty() || path.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("invalid method or path");
        }
        StringBuilder sb = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        boolean hostGiven = false;
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey();
            String value = h.getValue();
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c >= 0x7f)
                    || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("invalid header " + name);
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("transfer-encoding")) {
                throw new IllegalArgumentException("Transfer-Encoding is not supported; requests use Content-Length");
            }
            if (lower.equals("content-length")) {
                continue;
            }
            hostGiven |= lower.equals("host");
            sb.append(name).append(": ").append(value).append("\r\n");
        }
        if (!hostGiven) {
            String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            sb.append("Host: ").append(h).append(':').append(port).append("\r\n");
        }
        sb.append("Content-Length: ").append(length).append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /** Parses one response from the stream (RFC 9112 sections 4-7). */
    static final class ResponseReader {

        record Result(HttpResponse response, boolean keepAlive) {
        }

        private ResponseReader() {
        }

        static Result read(InputStream in, boolean head, int maxBody, Runnable onFirstByte) throws IOException {
            int first = in.read();
            if (first < 0) {
                throw new EOFException("connection closed by the server before a response");
            }
            onFirstByte.run();
            String statusLine = (char) first + readLine(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("malformed HTTP status line: " + truncate(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("malformed HTTP status code: " + truncate(statusLine));
            }
            Map<String, List<String>> headers = readHeaders(in);
            HttpResponse probe = new HttpResponse(status, headers, new byte[0]);
            boolean http11 = parts[0].equals("HTTP/1.1");
            String connection = String.join(",", probe.headerValues("Connection")).toLowerCase(Locale.ROOT);
            boolean keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
            if (status < 200 || head || status == 204 || status == 304) {
                return new Result(probe, keepAlive);
            }
            String te = String.join(",", probe.headerValues("Transfer-Encoding")).toLowerCase(Locale.ROOT);
            byte[] body;
            if (te.contains("chunked")) {
                body = readChunked(in, maxBody);
            } else if (probe.header("Content-Length").isPresent()) {
                body = readFixed(in, contentLength(probe), maxBody);
            } else {
                body = readToEnd(in, maxBody);
                keepAlive = false;
            }
            return new Result(new HttpResponse(status, headers, body), keepAlive);
        }

        private static long contentLength(HttpResponse r) throws IOException {
            List<String> values = r.headerValues("Content-Length");
            long length = -1;
            for (String v : values) {
                for (String piece : v.split(",")) {
                    long l;
                    try {
                        l = Long.parseLong(piece.trim());
                    } catch (NumberFormatException e) {
                        throw new IOException("malformed Content-Length: " + truncate(v));
                    }
                    if (l < 0 || (length >= 0 && l != length)) {
                        throw new IOException("invalid or conflicting Content-Length");
                    }
                    length = l;
                }
            }
            return length;
        }

        private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            int total = 0;
            String last = null;
            while (true) {
                String line = readLine(in);
                total += line.length() + 2;
                if (total > MAX_HEADER_BYTES) {
                    throw new IOException("response headers exceed " + MAX_HEADER_BYTES + " bytes");
                }
                if (line.isEmpty()) {
                    return headers;
                }
                if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                    List<String> values = headers.get(last);
                    values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed response header: " + truncate(line));
                }
                last = line.substring(0, colon).trim();
                headers.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
            }
        }

        private static byte[] readFixed(InputStream in, long length, int max) throws IOException {
            if (length > max) {
                throw new IOException("response body of " + length + " bytes exceeds the limit of " + max);
            }
            byte[] body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new EOFException("connection closed after " + body.length + " of " + length + " body bytes");
            }
            return body;
        }

        private static byte[] readChunked(InputStream in, int max) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String line = readLine(in);
                int semi = line.indexOf(';');
                String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size: " + truncate(line));
                }
                if (size < 0 || body.size() + size > max) {
                    throw new IOException("chunked response body exceeds the limit of " + max);
                }
                if (size == 0) {
                    readHeaders(in);
                    return body.toByteArray();
                }
                body.write(readFixed(in, size, max));
                if (!readLine(in).isEmpty()) {
                    throw new IOException("missing CRLF after chunk");
                }
            }
        }

        private static byte[] readToEnd(InputStream in, int max) throws IOException {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new IOException("response body exceeds the limit of " + max);
            }
            return body;
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed in the middle of the response head");
                }
                if (b == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                if (sb.length() >= MAX_LINE) {
                    throw new IOException("response line longer than " + MAX_LINE + " bytes");
                }
                sb.append((char) b);
            }
        }

        private static String truncate(String s) {
            return s.length() > 80 ? s.substring(0, 80) + "..." : s;
        }
    }
}
