package io.openwinrm.client.internal;

import io.openwinrm.client.Endpoint;
import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.HttpResponse;
import io.openwinrm.transport.client.TlsClientSettings;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Keep-alive HTTP connections to one endpoint. A request borrows an idle connection or opens a new one, so a long-poll
 * Receive and a Send never wait for each other. At most {@link #MAX_IDLE} idle connections are kept.
 */
final class ConnectionPool implements AutoCloseable {

    static final int MAX_IDLE = 4;

    private final Endpoint endpoint;
    private final TlsClientSettings tls;
    private final HttpConnection.Options options;
    private final Deque<HttpConnection> idle = new ArrayDeque<>();
    private boolean closed;

    ConnectionPool(Endpoint endpoint, ClientSettings settings) {
        this.endpoint = endpoint;
        this.tls = endpoint.https() ? tlsSettings(settings) : null;
        this.options = new HttpConnection.Options(settings.connectTimeout(), settings.readTimeout(),
                settings.maxEnvelopeSize() + 64 * 1024);
    }

    private static TlsClientSettings tlsSettings(ClientSettings s) {
        if (s.insecure()) {
            return TlsClientSettings.insecure();
        }
        if (s.pinnedSha256() != null) {
            return TlsClientSettings.pinned(s.pinnedSha256());
        }
        if (s.caFile() != null) {
            return TlsClientSettings.trustCaFile(s.caFile());
        }
        return TlsClientSettings.systemDefault();
    }

    /** The status and body of one reply. */
    record Response(int status, byte[] body) {
    }

    Response post(String path, List<Map.Entry<String, String>> headers, byte[] body) throws IOException {
        HttpConnection c = borrow();
        boolean ok = false;
        try {
            HttpResponse r = c.exchange("POST", path, headers, body);
            ok = true;
            return new Response(r.status(), r.body());
        } finally {
            if (ok && c.isOpen()) {
                giveBack(c);
            } else {
                c.close();
            }
        }
    }

    private synchronized HttpConnection borrow() {
        if (closed) {
            throw new IllegalStateException("connection pool closed");
        }
        HttpConnection c = idle.pollFirst();
        return c != null ? c : new HttpConnection(endpoint.host(), endpoint.port(), tls, options);
    }

    private void giveBack(HttpConnection c) {
        synchronized (this) {
            if (!closed && idle.size() < MAX_IDLE) {
                idle.addFirst(c);
                return;
            }
        }
        c.close();
    }

    @Override
    public void close() {
        Deque<HttpConnection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(HttpConnection::close);
    }
}
