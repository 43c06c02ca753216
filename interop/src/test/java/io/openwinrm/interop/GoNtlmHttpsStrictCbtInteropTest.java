package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go client github.com/masterzen/winrm with NTLM over HTTPS against a server with
 * {@code CbtHardeningLevel=Strict}. Azure/go-ntlmssp sends no channel binding (no MsvAvChannelBindings,
 * [MS-NLMP] 2.2.2.1), so strict hardening must turn it away; the counterpart that gets in is
 * {@link PywinrmNtlmHttpsStrictCbtInteropTest}.
 */
class GoNtlmHttpsStrictCbtInteropTest extends AbstractPeerInteropTest {

    @Override
    Peer peer() {
        return Peer.GO;
    }

    @Override
    List<String> authOptions() {
        return List.of("--transport", "ntlm");
    }

    @Override
    TestServer.Options serverOptions() {
        return TestServer.Options.defaults().cbtHardening("strict");
    }

    @Test
    void withoutChannelBindingStrictHardeningRefuses(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = drive(insecure(), "run", "--command", "touch " + marker);
        assertRefusedBeforeAnythingRan(r, shellsBefore, marker);
        assertThat(r.stringField("error")).as("error%s", r.describe()).contains("401");
    }
}
