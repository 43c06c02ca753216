package io.openwinrm.client.internal;

import io.openwinrm.auth.negotiate.NegotiateInitiator;
import io.openwinrm.auth.ntlm.NtlmCredentials;
import io.openwinrm.auth.ntlm.NtlmException;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import io.openwinrm.auth.spnego.SpnegoException;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmTransportException;
import io.openwinrm.transport.client.HttpResponse;
import io.openwinrm.transport.tls.TlsChannelBinding;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * NTLM through the {@code Negotiate} scheme, bound to each connection ([MS-NLMP]; winrm-wire.md 5.2): an empty-body
 * handshake (NEGOTIATE → 401 CHALLENGE → AUTHENTICATE → 200), channel binding to the server certificate on HTTPS,
 * then every message sealed as {@code multipart/encrypted} on plain HTTP ({@link HandshakeAuth}).
 */
final class NegotiateAuth extends PasswordHandshakeAuth {

    NegotiateAuth(String endpoint, String user, char[] password, boolean encrypt) {
        super(endpoint, user, password, encrypt);
    }

    @Override
    void handshake(PooledConnection conn, String path) throws IOException {
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
                throw denied("Negotiate/NTLM");
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

    static boolean offers(List<String> wwwAuthenticate) {
        return wwwAuthenticate.stream().anyMatch(v -> v.strip().toLowerCase(Locale.ROOT).startsWith("negotiate"));
    }
}
