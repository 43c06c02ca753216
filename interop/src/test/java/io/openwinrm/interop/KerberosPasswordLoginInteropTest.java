package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.kerberos.KerberosPasswordLogin;
import io.openwinrm.auth.spi.DelegatedCredentials;
import io.openwinrm.testkit.MitKdc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A delegated password becomes a TGT as kinit would make it ({@link KerberosPasswordLogin}, what a CredSSP logon's
 * TSPasswordCreds give a shell's private cache): against the test run's MIT KDC, the cache image is one MIT's own
 * tools read ({@code klist}) and use ({@code kvno} gets a service ticket with it, so its session key is right); a
 * wrong password, an unknown principal and a name without a realm get nothing, with the reason.
 */
class KerberosPasswordLoginInteropTest {

    @Test
    void aPasswordBecomesACacheMitsToolsUse() throws Exception {
        MitKdc kdc = KerberosRealm.kdc();
        String principal = "tester@" + KerberosRealm.REALM;
        List<String> reasons = new ArrayList<>();
        Optional<DelegatedCredentials> tgt = KerberosPasswordLogin.login(principal,
                KerberosRealm.PASSWORD.toCharArray(), reasons::add);
        assertThat(tgt).as("reasons %s", reasons).isPresent();
        assertThat(tgt.get().principal()).isEqualTo(principal);
        assertThat(tgt.get().expires()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
        Path cache = Files.createTempFile(kdc.directory(), "from-password", ".ccache");
        Files.write(cache, tgt.get().cacheFile());
        assertThat(run(kdc, "klist", "-c", "FILE:" + cache)).contains("Default principal: " + principal)
                .contains("krbtgt/" + KerberosRealm.REALM + "@" + KerberosRealm.REALM);
        assertThat(run(kdc, "kvno", "-c", "FILE:" + cache, "HTTP/localhost")).contains("HTTP/localhost@");
        tgt.get().destroy();
        assertThat(tgt.get().cacheFile()).containsOnly(0);
    }

    @Test
    void badPasswordsAndNamesGetNothing() throws Exception {
        KerberosRealm.kdc();
        List<String> reasons = new ArrayList<>();
        assertThat(KerberosPasswordLogin.login("tester@" + KerberosRealm.REALM, "wrong-password".toCharArray(),
                reasons::add)).isEmpty();
        assertThat(KerberosPasswordLogin.login("nobody-here@" + KerberosRealm.REALM, "x".toCharArray(),
                reasons::add)).isEmpty();
        assertThat(KerberosPasswordLogin.login("tester", KerberosRealm.PASSWORD.toCharArray(), reasons::add))
                .isEmpty();
        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(0)).startsWith("Kerberos login of tester@" + KerberosRealm.REALM + " failed");
        assertThat(reasons.get(1)).startsWith("Kerberos login of nobody-here@");
        assertThat(reasons.get(2)).isEqualTo("not a principal name@REALM: 'tester'");
    }

    private static String run(MitKdc kdc, String... argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(kdc.environment());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }
}
