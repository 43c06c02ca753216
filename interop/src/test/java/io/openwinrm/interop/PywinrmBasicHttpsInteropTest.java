package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** pywinrm with Basic authentication over HTTPS; see {@link AbstractShellScenarioInteropTest} for the shared cases. */
class PywinrmBasicHttpsInteropTest extends AbstractShellScenarioInteropTest
        implements PasswordAuthenticationChecks, TlsTrustChecks {

    @Override
    Peer peer() {
        return Peer.PYWINRM;
    }

    @Test
    void defaultCodepage437GetsCp437Bytes() throws Exception {
        // pywinrm asks for WINRS_CODEPAGE=437 unless told otherwise: the server must hand back output in
        // that code page. "héllo wörld " maps to cp437; the check mark has no cp437 form, so at most one
        // substitute byte may stand for it, and never its three UTF-8 bytes.
        assertThat(Peer.PYWINRM.defaultCodepage()).isEqualTo(437);
        DriverResult r = driveOk(insecure(), "run", "--command", "printf 'h\u00e9llo w\u00f6rld \u2713'");
        assertRemoteExit(r, 0);
        byte[] out = r.bytesField("stdout_b64");
        byte[] representable = "h\u00e9llo w\u00f6rld ".getBytes(Charset.forName("IBM437"));
        assertThat(out.length).as("stdout %s", Arrays.toString(out))
                .isBetween(representable.length, representable.length + 1);
        assertThat(Arrays.copyOf(out, representable.length)).isEqualTo(representable);
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).doesNotContain("\u00e2\u009c\u0093");
    }
}
