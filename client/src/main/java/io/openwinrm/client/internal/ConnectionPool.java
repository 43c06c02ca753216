package io.openwinrm.client.internal;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.TlsClientSettings;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Keep-alive connections to one endpoint, each with its own authentication state. A request borrows an idle
 * connection or opens a new one, so a long-poll Receive and a Send never wait for each other. At most
 * {@link #MAX_IDLE} idle connections are kept.
 */
final class ConnectionPool implements AutoCloseable {

    static final int MAX_IDLE = 4;

    private final Endpoint endpoint;
    private final TlsClientSettings tls;
    private final HttpConnection.Options options;
    private final Deque<PooledConnection> idle = new ArrayDeque<>();
    private boolean closed;

    ConnectionPool(Endpoint endpoint, ClientSettings settings) throws IOException {
        this.endpoint = endpoint;
        this.tls = endpoint.https() ? tlsSettings(settings) : null;
        this.options = new HttpConnection.Options(settings.connectTimeout(), settings.readTimeout(),
                settings.maxEnvelopeSize() + 64 * 1024);
    }

    private static TlsClientSettings tlsSettings(ClientSettings s) throws IOException {
        TlsClientSettings t;
        if (s.insecure()) {
            t = TlsClientSettings.insecure();
        } else if (s.pinnedSha256() != null) {
            t = TlsClientSettings.pinned(s.pinnedSha256());
        } else if (s.caFile() != null) {
            t = TlsClientSettings.trustCaFile(s.caFile());
        } else {
            t = TlsClientSettings.systemDefault();
        }
        if (s.credentials() instanceof Credentials.Certificate c) {
            t = t.withClientCertificate(c.certificatePem(), c.privateKeyPem());
        }
        return t;
    }

    /** Sends one request through {@code auth} on a pooled connection. */
    Reply post(ConnectionAuth auth, String path, byte[] soap, List<Map.Entry<String, String>> headers)
            throws IOException {
        PooledConnection c = borrow();
        boolean ok = false;
        try {
            Reply r = auth.exchange(c, path, soap, headers);
            ok = true;
            return r;
        } finally {
            if (ok && c.isOpen()) {
                giveBack(c);
            } else {
                c.close();
            }
        }
    }

    /**
     * @throws IOException once the pool is closed: a request still under way on another thread (a receive loop of a
     *                     shell or pool being closed) then ends as a transport failure, as its connection's would
     */
    private synchronized PooledConnection borrow() throws IOException {
        if (closed) {
            throw new IOException("the client's connections to " + endpoint + " are closed");
        }
        PooledConnection c = idle.pollFirst();
        return c != null ? c : new PooledConnection(new HttpConnection(endpoint.host(), endpoint.port(), tls, options));
    }

    private void giveBack(PooledConnection c) {
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
        Deque<PooledConnection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(PooledConnection::close);
    }
}
