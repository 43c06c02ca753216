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
}
