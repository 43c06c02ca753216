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
}
