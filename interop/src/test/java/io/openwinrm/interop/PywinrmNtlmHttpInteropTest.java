package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pywinrm with NTLM (through {@code Negotiate}, pyspnego) over plain HTTP. pywinrm's
 * {@code message_encryption='auto'} seals every message after authentication on http://
 * (multipart/encrypted, application/HTTP-SPNEGO-session-encrypted; [MS-WSMV] 3.2.4.1.10), so the shared
 * scenarios all run sealed; the same client with sealing off must be turned away.
 */
class PywinrmNtlmHttpInteropTest extends AbstractShellScenarioInteropTest implements PasswordAuthenticationChecks {

    @Override
    Peer peer() {
        return Peer.PYWINRM;
    }

    @Override
    Listener listener() {
        return Listener.HTTP;
    }

    @Override
    List<String> authOptions() {
        return List.of("--transport", "ntlm", "--message-encryption", "auto");
    }

    @Test
    void unsealedMessagesAfterNtlmAreRefused(@TempDir Path dir) throws Exception {
        // The server refuses unencrypted SOAP after authentication on HTTP with 401 (AllowUnencrypted=false).
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = driveAs(endpoint(), List.of("--transport", "ntlm", "--message-encryption", "never"),
                server().password(), List.of(), "run", "--command", "touch " + marker);
        assertRefusedBeforeAnythingRan(r, shellsBefore, marker);
        // pywinrm raises InvalidCredentialsError for exactly one thing: an HTTP 401 answer.
        assertThat(r.stringField("error_type")).as("error_type%s", r.describe()).isEqualTo("InvalidCredentialsError");
    }
}
