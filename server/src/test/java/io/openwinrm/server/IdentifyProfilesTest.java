package io.openwinrm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.server.config.AuthSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 9: the Identify security profiles follow the enabled mechanisms as [MS-WSMV] 3.1.4.1.23 lists them
 * (Basic: http/basic and https/basic; Negotiate: both spnego-kerberos; certificates: https/mutual).
 */
class IdentifyProfilesTest {
    private static final String P = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/";
    private static final Path MAP = Path.of("certmap");

    @Test
    void basicListsBothHttpAndHttps() {
        assertThat(WinRmServer.securityProfiles(new AuthSettings(true, false, false, null, MAP, "relaxed")))
                .containsExactly(P + "http/basic", P + "https/basic");
    }

    @Test
    void everyMechanismWithItsProfilesAndNothingForDisabledOnes() {
        assertThat(WinRmServer.securityProfiles(new AuthSettings(true, true, true, Path.of("ca.pem"), MAP,
                "relaxed"))).containsExactly(P + "http/basic", P + "https/basic", P + "http/spnego-kerberos",
                        P + "https/spnego-kerberos", P + "https/mutual");
        assertThat(WinRmServer.securityProfiles(new AuthSettings(false, true, false, null, MAP, "relaxed")))
                .containsExactly(P + "http/spnego-kerberos", P + "https/spnego-kerberos");
    }
}
