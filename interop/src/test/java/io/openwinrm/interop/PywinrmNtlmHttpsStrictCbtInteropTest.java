package io.openwinrm.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pywinrm with NTLM over HTTPS against a server with {@code CbtHardeningLevel=Strict}: the
 * tls-server-end-point channel binding (RFC 5929 4.1; MsvAvChannelBindings, [MS-NLMP] 2.2.2.1) is
 * required. pywinrm 0.5 sends it ({@code send_cbt=True}), so it must get in; without it
 * ({@code send_cbt=False}) it must be turned away.
 */
class PywinrmNtlmHttpsStrictCbtInteropTest extends AbstractPeerInteropTest {

    @Override
    Peer peer() {
        return Peer.PYWINRM;
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
    void channelBindingSatisfiesStrictHardening() throws Exception {
        DriverResult r = driveOk(trusted(), "run", "--command", "echo bound; exit 3");
        assertRemoteExit(r, 3);
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo("bound\n");
    }

    @Test
    void sealedWithChannelBindingSatisfiesStrictHardening() throws Exception {
        DriverResult r = driveOk(with(insecure(), "--message-encryption", "always"), "run", "--command", "echo bound");
        assertRemoteExit(r, 0);
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo("bound\n");
    }

    @Test
    void withoutChannelBindingStrictHardeningRefuses(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = drive(with(insecure(), "--no-channel-binding"), "run", "--command", "touch " + marker);
        assertRefusedBeforeAnythingRan(r, shellsBefore, marker);
        assertThat(r.stringField("error_type")).as("error_type%s", r.describe()).isEqualTo("InvalidCredentialsError");
    }
}
