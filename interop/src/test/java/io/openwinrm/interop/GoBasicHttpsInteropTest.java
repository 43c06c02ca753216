package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go client github.com/masterzen/winrm with Basic authentication over HTTPS; see
 * {@link AbstractShellScenarioInteropTest} for the shared cases.
 */
class GoBasicHttpsInteropTest extends AbstractShellScenarioInteropTest
        implements PasswordAuthenticationChecks, TlsTrustChecks {

    @Override
    Peer peer() {
        return Peer.GO;
    }

    @Test
    void binaryStdinInChunksLargerThanTheAdvertisedEnvelope(@TempDir Path dir) throws Exception {
        // The Go client sends stdin in rsp:Send chunks of EnvelopeSize-1000 = 152,600 raw bytes, whose
        // base64 (~203 KB) exceeds the 153,600-byte MaxEnvelopeSize it advertises; the server must take
        // them. Every byte value appears, so any text conversion of stdin would show.
        byte[] input = new byte[200_000];
        new Random(20261126L).nextBytes(input);
        for (int i = 0; i < 256; i++) {
            input[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("stdin.bin"), input);
        DriverResult r = driveOk(insecure(), "run", "--command", "cat", "--stdin-file", file.toString());
        assertRemoteExit(r, 0);
        assertThat(r.longField("stdout_len")).isEqualTo(input.length);
        assertThat(r.bytesField("stdout_b64")).isEqualTo(input);
    }

    @Test
    void onlyCodepage65001IsOffered() throws Exception {
        DriverResult r = drive(with(insecure(), "--codepage", "437"), "run", "--command", "echo never");
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(2);
        assertThat(r.stringField("error")).contains("65001");
    }
}
