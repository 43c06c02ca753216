package io.openwinrm.interop;

import java.util.List;

/**
 * The Go client github.com/masterzen/winrm with NTLM over HTTPS ({@code ClientNTLM}, Azure/go-ntlmssp:
 * every request first goes out anonymously on the connection authenticated before, and a 401 starts
 * the NTLM handshake through {@code Negotiate}; no channel binding, no sealing).
 */
class GoNtlmHttpsInteropTest extends AbstractShellScenarioInteropTest
        implements PasswordAuthenticationChecks, TlsTrustChecks {

    @Override
    Peer peer() {
        return Peer.GO;
    }

    @Override
    List<String> authOptions() {
        return List.of("--transport", "ntlm");
    }

    /**
     * Not run for the Go client with NTLM: masterzen/winrm streams stdin with a Send running concurrently with a
     * Receive, and its go-ntlmssp negotiator sends each handshake leg on whatever pooled connection is idle, so the
     * NEGOTIATE and AUTHENTICATE of one request can land on two different TCP connections. NTLM is bound to the
     * connection (on Windows too), so the server must refuse that AUTHENTICATE; the failure is the client's and
     * intermittent (seen once in a CI run: "AUTHENTICATE without a NEGOTIATE on this connection").
     */
    @Override
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Disabled("client bug: go-ntlmssp can split one NTLM handshake across two pooled connections "
            + "when masterzen/winrm sends stdin concurrently with a Receive")
    void stdinRoundTrip(java.nio.file.Path dir) {
    }
}
