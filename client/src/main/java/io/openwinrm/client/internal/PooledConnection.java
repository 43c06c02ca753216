package io.openwinrm.client.internal;

import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.transport.client.HttpConnection;

/**
 * One keep-alive connection and the security context established on it (connection-bound schemes: NTLM). Used by
 * one request at a time.
 */
final class PooledConnection implements AutoCloseable {

    final HttpConnection http;
    /** Set by a connection-bound scheme after its handshake; null otherwise or after the connection was reset. */
    SecurityContext context;

    PooledConnection(HttpConnection http) {
        this.http = http;
    }

    boolean isOpen() {
        return http.isOpen();
    }

    @Override
    public void close() {
        context = null;
        http.close();
    }
}
