package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.TrustedHosts;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.testkit.MitKdc;
import io.openwinrm.testkit.OsUsers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17 with Kerberos on: the keytab (root's, mode 0600, as {@code /etc/krb5.keytab} is) stays the monitor's. A
 * compromised network service, running as {@code openwinrm}, cannot read it, and nothing of it was handed to the
 * network service's own directory; a Kerberos client still logs on over plain HTTP with mutual authentication (the
 * monitor accepts the AP-REQ the network side forwards) and its command runs as the caller.
 */
@Timeout(180)
class PrivilegeSeparationKerberosAttackTest {

    private static final String REALM = "OWSEP.TEST";
    private static final String PASSWORD = "pw-Attack-Krb-17";

    @Test
    void theKeytabStaysTheMonitorsAndKerberosStillLogsOn() throws Exception {
        assumeTrue(io.openwinrm.common.ProcessUser.isRoot(), "needs root (privilege separation)");
        assumeTrue(MitKdc.available(), "the MIT KDC (krb5-kdc, krb5-admin-server) is not installed");
        MitKdc kdc = MitKdc.shared(REALM);
        try (OsUsers os = new OsUsers()) {
            String user = os.user(os.name("owkrb"));
            kdc.addUser(user, PASSWORD);
            Path keytab = kdc.addService("HTTP/localhost", kdc.directory().resolve("privsep-http.keytab"));
            Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
            byte[] key = Files.readAllBytes(keytab);
            ServerProcess server = ServerProcess.builder()
                    .config("[auth]\nkerberos = true\n[kerberos]\nkeytab = \"" + keytab + "\"\nkrb5_conf = \""
                            + kdc.krb5Conf() + "\"\n[security]\nisolation = \"on\"\n")
                    .account(user, PASSWORD)
                    .file("endpoints/cmd.toml", "kind = \"shell\"\n[access]\nallow = [\"user:" + user + "\"]\n")
                    .start();
            try {
                long network = server.networkPid();
                assertThat(network).isNotEqualTo(server.pid());

                String serviceUid = OsUsers.uid("openwinrm");
                Process cat = new ProcessBuilder("/usr/bin/setpriv", "--reuid=" + serviceUid, "--regid=" + serviceUid,
                        "--clear-groups", "--", "/bin/cat", keytab.toString()).redirectErrorStream(true).start();
                String out = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(cat.waitFor()).as(out).isNotZero();
                assertThat(out).contains("Permission denied");

                Path networkHome = Files.readSymbolicLink(Path.of("/proc", Long.toString(network), "cwd"));
                try (Stream<Path> files = Files.walk(networkHome)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        assertThat(Files.readAllBytes(f)).as("%s holds no keytab", f).isNotEqualTo(key);
                    }
                }

                WinRmClient client = WinRmClient.builder().credentials(Credentials.kerberos(
                        Optional.of(user + "@" + REALM), Optional.empty(), Optional.of(PASSWORD.toCharArray()),
                        Optional.of("HTTP/localhost"))).trustedHosts(TrustedHosts.NONE).build();
                assertThat(client.run(Endpoint.parse(server.http().toString(), true), "id -un").stdoutText())
                        .isEqualTo(user + "\n");
            } finally {
                server.close();
            }
        }
    }
}
