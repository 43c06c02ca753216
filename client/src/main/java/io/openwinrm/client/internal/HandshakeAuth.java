package io.openwinrm.client.internal;

import io.openwinrm.auth.encryption.DecryptedMessage;
import io.openwinrm.auth.encryption.EncryptedContentType;
import io.openwinrm.auth.encryption.EncryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessageCodec;
import io.openwinrm.auth.encryption.EncryptedMessageException;
import io.openwinrm.auth.encryption.EncryptionProtocol;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmTransportException;
import io.openwinrm.transport.client.HttpResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connection-bound scheme (NTLM, Kerberos through {@code Negotiate}): a handshake establishes a security context
 * on the connection, then every message is sent on it, sealed as {@code multipart/encrypted} on plain HTTP
 * ([MS-WSMV] 2.2.9.1). A connection whose context was lost (the service restarted, or the connection was re-opened)
 * is authenticated again, once.
 */
abstract class HandshakeAuth implements ConnectionAuth {

    static final String NEGOTIATE = "Negotiate";

    private final boolean encrypt;

    HandshakeAuth(boolean encrypt) {
        this.encrypt = encrypt;
    }

    /** Establishes {@link PooledConnection#context} on {@code conn}, or throws. */
    abstract void handshake(PooledConnection conn, String path) throws IOException;

    @Override
    public final Reply exchange(PooledConnection conn, String path, byte[] soap,
                                List<Map.Entry<String, String>> headers) throws IOException {
        boolean fresh = false;
        if (conn.context == null || !conn.isOpen()) {
            handshake(conn, path);
            fresh = true;
        }
        Reply r = send(conn, path, soap, headers);
        if (r.status() == 401 && !fresh) {
            handshake(conn, path);
            r = send(conn, path, soap, headers);
        }
        return r;
    }

    private Reply send(PooledConnection conn, String path, byte[] soap, List<Map.Entry<String, String>> headers)
            throws IOException {
        List<Map.Entry<String, String>> h = new ArrayList<>(headers.size() + 1);
        byte[] body = soap;
        if (encrypt) {
            EncryptedMessage m;
            try {
                m = EncryptedMessageCodec.encode(conn.context, soap, EncryptionProtocol.SOAP_UTF8);
            } catch (EncryptedMessageException e) {
                throw new WinRmTransportException("cannot encrypt the message: " + e.getMessage(), e);
            }
            h.add(Map.entry("Content-Type", m.contentType()));
            body = m.body();
        } else {
            h.add(Map.entry("Content-Type", WsmanChannel.SOAP_CONTENT_TYPE));
        }
        h.addAll(headers);
        HttpResponse r = conn.http.exchange("POST", path, h, body);
        if (conn.http.isFresh()) {
            // re-opened underneath us: the reply (401) belongs to a connection without our context
            conn.context = null;
        }
        String type = r.header("Content-Type").orElse("");
        if (!EncryptedContentType.isEncrypted(type)) {
            if (encrypt && r.status() == 200) {
                throw new WinRmTransportException("the service answered an encrypted request in plaintext");
            }
            return new Reply(r.status(), r.body());
        }
        if (conn.context == null) {
            throw new WinRmTransportException("encrypted reply on a connection without a security context");
        }
        try {
            DecryptedMessage d = EncryptedMessageCodec.decode(type, r.body(), conn.context);
            return new Reply(r.status(), d.plaintext());
        } catch (EncryptedMessageException e) {
            conn.close();
            throw new WinRmTransportException("cannot decrypt the reply: " + e.getMessage(), e);
        }
    }

    /** One empty-body leg carrying {@code Authorization: Negotiate <token>}. */
    static HttpResponse leg(PooledConnection conn, String path, byte[] token) throws IOException {
        List<Map.Entry<String, String>> h = List.of(Map.entry("Content-Type", WsmanChannel.SOAP_CONTENT_TYPE),
                Map.entry("Authorization", NEGOTIATE + " " + Base64.getEncoder().encodeToString(token)));
        return conn.http.exchange("POST", path, h, new byte[0]);
    }

    /** The token of a {@code WWW-Authenticate: Negotiate <b64>} line, if any. */
    static Optional<byte[]> token(HttpResponse r) {
        for (String v : r.headerValues("WWW-Authenticate")) {
            String t = v.strip();
            if (t.regionMatches(true, 0, NEGOTIATE + " ", 0, NEGOTIATE.length() + 1)) {
                try {
                    return Optional.of(Base64.getDecoder().decode(t.substring(NEGOTIATE.length() + 1).strip()));
                } catch (IllegalArgumentException e) {
                    throw new WinRmAuthenticationException("the service sent an invalid Negotiate token");
                }
            }
        }
        return Optional.empty();
    }
}
