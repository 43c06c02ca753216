package io.openwinrm.interop;

import io.openwinrm.testkit.TestServer;
import java.util.List;

/**
 * The Go client with NTLM over plain HTTP against a listener that explicitly allows unencrypted traffic (WinRM's
 * AllowUnencrypted=true): authentication by NTLM, messages in clear — every shell scenario must work. (With the
 * default AllowUnencrypted=false the same client is refused: {@link GoNtlmHttpInteropTest}.)
 */
class GoNtlmHttpAllowUnencryptedInteropTest extends AbstractShellScenarioInteropTest
        implements PasswordAuthenticationChecks {

    @Override
    Peer peer() {
        return Peer.GO;
    }

    @Override
    Listener listener() {
        return Listener.HTTP;
    }

    @Override
    List<String> authOptions() {
        return List.of("--transport", "ntlm");
    }

    @Override
    TestServer.Options serverOptions() {
        return TestServer.Options.defaults().allowUnencrypted(true);
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
