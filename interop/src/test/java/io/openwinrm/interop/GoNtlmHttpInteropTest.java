package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go client github.com/masterzen/winrm with NTLM over plain HTTP through {@code ClientNTLM}, which does not
 * seal messages, and the default server (AllowUnencrypted=false) refuses unencrypted SOAP after authentication on
 * HTTP: the driver must fail cleanly and nothing may run. (With the library's own encryption the same client
 * works: {@link GoNtlmHttpSealedInteropTest}.)
 */
class GoNtlmHttpInteropTest extends AbstractPeerInteropTest {

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

    @Test
    void unsealedNtlmOverHttpIsRefused(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = drive(List.of(), "run", "--command", "touch " + marker);
        assertRefusedBeforeAnythingRan(r, shellsBefore, marker);
        // masterzen/winrm reports a non-SOAP answer as "http response error: <status> - invalid content type".
        assertThat(r.stringField("error")).as("error%s", r.describe()).contains("401");
    }

    @Test
    void terminateScenarioIsRefusedToo(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = drive(List.of(), "terminate", "--command", "touch " + marker + "; sleep 100",
                "--after-seconds", "1");
        assertRefusedBeforeAnythingRan(r, shellsBefore, marker);
    }
}
