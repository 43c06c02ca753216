package io.openwinrm.client.internal;

import io.openwinrm.auth.encryption.DecryptedMessage;
import io.openwinrm.auth.encryption.EncryptedContentType;
import io.openwinrm.auth.encryption.EncryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessageCodec;
import io.openwinrm.auth.encryption.EncryptedMessageException;
import io.openwinrm.auth.encryption.EncryptionProtocol;
import io.openwinrm.auth.negotiate.NegotiateInitiator;
import io.openwinrm.auth.ntlm.NtlmCredentials;
import io.openwinrm.auth.ntlm.NtlmException;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.auth.spnego.SpnegoException;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmTransportException;
import io.openwinrm.transport.client.HttpResponse;
import io.openwinrm.transport.tls.TlsChannelBinding;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * NTLM through the {@code Negotiate} scheme, bound to each connection ([MS-NLMP]; winrm-wire.md 5.2): an empty-body
 * handshake (NEGOTIATE → 401 CHALLENGE → AUTHENTICATE → 200), channel binding to the server certificate on HTTPS,
 * then every message sealed as {@code multipart/encrypted} on plain HTTP ([MS-WSMV] 2.2.9.1). A connection whose
 * context was lost (the service restarted, or the connection was re-opened) is authenticated again, once.
 */
final class NegotiateAuth implements ConnectionAuth {

    private static final String SCHEME = "Negotiate";

    private final String endpoint;
    private final String user;
    private final char[] password;
    private final boolean encrypt;

    NegotiateAuth(String endpoint, String user, char[] password, boolean encrypt) {
        this.endpoint = endpoint;
        this.user = user;
        this.password = password.clone();
        this.encrypt = encrypt;
    }

    @Override
    public Reply exchange(PooledConnection conn, String path, byte[] soap, List<Map.Entry<String, String>> headers)
            throws IOException {
        boolean fresh = false;
        if (conn.context == null || !conn.isOpen()) {
            handshake(conn, path);
            fresh = true;
        }
        Reply r = send(conn, path, soap, headers);
        if (r.status() == 401 && !fresh) {
            // the service no longer knows this connection's context: authenticate again, once
            handshake(conn, path);
            r = send(conn, path, soap, headers);
        }
        return r;
    }

    private Reply send(PooledConnection conn, String path, byte[] soap, List<Map.Entry<String, String>> headers)
            throws IOException {
        SecurityContext ctx = conn.context;
        List<Map.Entry<String, String>> h = new ArrayList<>(headers.size() + 1);
        byte[] body = soap;
        if (encrypt) {
            EncryptedMessage m;
            try {
                m = EncryptedMessageCodec.encode(ctx, soap, EncryptionProtocol.SOAP_UTF8);
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

    private void handshake(PooledConnection conn, String path) throws IOException {
        conn.context = null;
        conn.http.open();
        NtlmInitiatorSettings settings = NtlmInitiatorSettings.of(NtlmCredentials.parse(user, password));
        Optional<X509Certificate> cert = conn.http.serverCertificate();
        if (cert.isPresent()) {
            settings = settings.withTlsServerEndPoint(TlsChannelBinding.tlsServerEndPoint(cert.get()));
        }
        NegotiateInitiator init = new NegotiateInitiator(settings, NegotiateInitiator.Framing.SPNEGO);
        try {
            HttpResponse first = leg(conn, path, init.initialToken());
            if (first.status() != 401) {
                throw new WinRmAuthenticationException("the service did not continue the Negotiate handshake (HTTP "
                        + first.status() + ")");
            }
            byte[] challenge = token(first).orElseThrow(() -> new WinRmAuthenticationException(
                    "the service does not offer Negotiate authentication (no challenge in its 401)"));
            HttpResponse last = leg(conn, path, init.respond(challenge));
            if (last.status() == 401) {
                throw new WinRmAuthenticationException("access denied by " + endpoint + " for user '" + user
                        + "' (HTTP 401, Negotiate/NTLM)");
            }
            if (last.status() != 200) {
                throw new WinRmTransportException("unexpected HTTP " + last.status() + " ending the Negotiate "
                        + "handshake");
            }
            init.complete(token(last));
        } catch (NtlmException | SpnegoException e) {
            conn.close();
            throw new WinRmAuthenticationException("Negotiate handshake failed: " + e.getMessage());
        }
        conn.context = init.sessionSecurity().orElseThrow(() -> new WinRmAuthenticationException(
                "the Negotiate handshake established no session key for message encryption"));
    }

    private static HttpResponse leg(PooledConnection conn, String path, byte[] token) throws IOException {
        List<Map.Entry<String, String>> h = List.of(Map.entry("Content-Type", WsmanChannel.SOAP_CONTENT_TYPE),
                Map.entry("Authorization", SCHEME + " " + Base64.getEncoder().encodeToString(token)));
        return conn.http.exchange("POST", path, h, new byte[0]);
    }

    /** The token of a {@code WWW-Authenticate: Negotiate <b64>} line, if any. */
    private static Optional<byte[]> token(HttpResponse r) {
        for (String v : r.headerValues("WWW-Authenticate")) {
            String t = v.strip();
            if (t.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
                try {
                    return Optional.of(Base64.getDecoder().decode(t.substring(SCHEME.length() + 1).strip()));
                } catch (IllegalArgumentException e) {
                    throw new WinRmAuthenticationException("the service sent an invalid Negotiate token");
                }
            }
        }
        return Optional.empty();
    }

    static boolean offers(List<String> wwwAuthenticate) {
        return wwwAuthenticate.stream().anyMatch(v -> v.strip().toLowerCase(Locale.ROOT).startsWith("negotiate"));
    }

    void clear() {
        Arrays.fill(password, '\0');
    }
}
