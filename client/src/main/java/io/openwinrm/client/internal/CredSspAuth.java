package io.openwinrm.client.internal;

import io.openwinrm.auth.credssp.CredSspException;
import io.openwinrm.auth.credssp.CredSspInitiator;
import io.openwinrm.auth.ntlm.NtlmCredentials;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmTransportException;
import io.openwinrm.transport.client.HttpResponse;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CredSSP, bound to each connection ([MS-CSSP] 3.1.5; winrm-wire.md 5.5): empty-body legs carrying
 * {@code Authorization: CredSSP <b64>} while the server answers 401 with {@code WWW-Authenticate: CredSSP <b64>} —
 * the TLS handshake, NTLM, the public-key binding, the password — until its 200; then every message is sealed by that
 * TLS session on plain HTTP ({@link HandshakeAuth}).
 */
final class CredSspAuth extends PasswordHandshakeAuth {

    static final String CREDSSP = "CredSSP";
    /** A handshake takes five or six legs; more is a server going round in circles. */
    private static final int MAX_LEGS = 10;

    CredSspAuth(String endpoint, String user, char[] password, boolean encrypt) {
        super(endpoint, user, password, encrypt);
    }

    @Override
    void handshake(PooledConnection conn, String path) throws IOException {
        conn.context = null;
        conn.http.open();
        NtlmCredentials ntlm = NtlmCredentials.parse(user, password);
        try (CredSspInitiator init = new CredSspInitiator(NtlmInitiatorSettings.of(ntlm), ntlm.domain(),
                ntlm.user(), password)) {
            byte[] token = init.initialToken();
            for (int legs = 0; legs < MAX_LEGS; legs++) {
                HttpResponse r = conn.http.exchange("POST", path, List.of(
                        Map.entry("Content-Type", WsmanChannel.SOAP_CONTENT_TYPE),
                        Map.entry("Authorization", CREDSSP + " " + Base64.getEncoder().encodeToString(token))),
                        new byte[0]);
                if (r.status() == 200 && init.isEstablished()) {
                    conn.context = init.sessionSecurity();
                    return;
                }
                if (r.status() != 401) {
                    throw new WinRmTransportException("unexpected HTTP " + r.status() + " during the CredSSP handshake");
                }
                Optional<byte[]> answer = credSspToken(r);
                if (answer.isEmpty()) {
                    throw init.isEstablished() || legs > 0 ? denied("CredSSP")
                            : new WinRmAuthenticationException("the service does not offer CredSSP (it is off unless "
                                    + "[auth] credssp = true)");
                }
                token = init.respond(answer.get());
            }
            throw new WinRmAuthenticationException("the CredSSP handshake did not end after " + MAX_LEGS + " legs");
        } catch (CredSspException e) {
            conn.close();
            throw new WinRmAuthenticationException("CredSSP handshake failed: " + e.getMessage());
        }
    }

    /** The token of a {@code WWW-Authenticate: CredSSP <b64>} line, if any. */
    private static Optional<byte[]> credSspToken(HttpResponse r) {
        for (String v : r.headerValues("WWW-Authenticate")) {
            String t = v.strip();
            if (t.regionMatches(true, 0, CREDSSP + " ", 0, CREDSSP.length() + 1)) {
                try {
                    return Optional.of(Base64.getDecoder().decode(t.substring(CREDSSP.length() + 1).strip()));
                } catch (IllegalArgumentException e) {
                    throw new WinRmAuthenticationException("the service sent an invalid CredSSP token");
                }
            }
        }
        return Optional.empty();
    }
}
