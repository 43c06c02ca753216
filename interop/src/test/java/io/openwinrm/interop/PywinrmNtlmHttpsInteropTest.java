package io.openwinrm.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pywinrm with NTLM (through {@code Negotiate}, pyspnego) over HTTPS. With
 * {@code message_encryption='auto'} pywinrm sends plain SOAP inside TLS, with the
 * tls-server-end-point channel binding in its AUTHENTICATE message; sealed bodies
 * ({@code message_encryption='always'}) must be accepted on HTTPS too.
 */
class PywinrmNtlmHttpsInteropTest extends AbstractShellScenarioInteropTest
        implements PasswordAuthenticationChecks, TlsTrustChecks {

    @Override
    Peer peer() {
        return Peer.PYWINRM;
    }

    @Override
    List<String> authOptions() {
        return List.of("--transport", "ntlm");
    }

    @Test
    void sealedMessagesAreAcceptedOverHttps(@TempDir Path dir) throws Exception {
        byte[] input = "sealed stdin\n".getBytes(UTF_8);
        Path file = Files.write(dir.resolve("stdin.txt"), input);
        DriverResult r = driveAs(endpoint(), List.of("--transport", "ntlm", "--message-encryption", "always"),
                server().password(), insecure(), "run", "--command", "cat; echo done 1>&2",
                "--stdin-file", file.toString());
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isZero();
        assertRemoteExit(r, 0);
        assertThat(r.bytesField("stdout_b64")).isEqualTo(input);
        assertThat(new String(r.bytesField("stderr_b64"), UTF_8)).isEqualTo("done\n");
    }
}
