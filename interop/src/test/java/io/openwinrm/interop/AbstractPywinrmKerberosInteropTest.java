package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.MitKdc;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pywinrm 0.5 with {@code transport='kerberos'} (pykerberos over MIT's GSSAPI: a raw Kerberos token in the
 * {@code Negotiate} scheme, mutual authentication required, {@code application/HTTP-SPNEGO-session-encrypted}
 * bodies on http://) against a realm of its own: a throwaway MIT KDC ({@link MitKdc}) that knows the test account
 * and the server's {@code HTTP/localhost} key, and a credential cache made with {@code kinit}. The shared
 * scenarios then run authenticated by Kerberos, and the attacks below are refused.
 */
abstract class AbstractPywinrmKerberosInteropTest extends AbstractShellScenarioInteropTest {

    private MitKdc kdc;
    private Path keytab;
    private Path cache;

    @Override
    Peer peer() {
        return Peer.PYWINRM;
    }

    @Override
    void beforeServerStart() throws Exception {
        if (!MitKdc.available()) {
            String message = "the MIT KDC (krb5-kdc, krb5-admin-server) is not installed";
            if (PeerRequirement.required()) {
                Assertions.fail(message + "; OPENWINRM_INTEROP_REQUIRED=1 makes this a failure");
            }
            Assumptions.abort(message);
        }
        kdc = KerberosRealm.kdc();
        keytab = KerberosRealm.serviceKeytab();
        cache = KerberosRealm.cache("tester");
    }

    @Override
    TestServer.Options serverOptions() {
        return TestServer.Options.defaults().kerberos(keytab, kdc.krb5Conf());
    }

    @Override
    List<String> authOptions() {
        return List.of("--transport", "kerberos", "--kerberos-hostname", "localhost");
    }

    @Override
    String driverPassword() {
        return null;
    }

    @Override
    Map<String, String> driverEnvironment() {
        return Map.of("KRB5_CONFIG", kdc.krb5Conf().toString(), "KRB5CCNAME", "FILE:" + cache);
    }

    MitKdc kdc() {
        return kdc;
    }

    /** A ticket for a service whose key the server does not have is refused, and nothing runs. */
    @Test
    void aTicketForAnotherServiceIsRefused(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = driveAs(endpoint(), List.of("--transport", "kerberos", "--kerberos-hostname", "elsewhere"),
                null, trustOptions(), "run", "--command", "touch " + marker);
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
        assertThat(marker).doesNotExist();
        assertThat(server().shellCount()).isEqualTo(shellsBefore);
    }

    /**
     * An instance principal ({@code tester/admin}) of the trusted realm: the KDC authenticates it, but it names no
     * account ({@code user@REALM} maps only plain names), so the server refuses it and nothing runs.
     */
    @Test
    void anInstancePrincipalIsNotAnAccount(@TempDir Path dir) throws Exception {
        Path instanceCache = KerberosRealm.cache("tester/admin");
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = DriverRunner.run(argvFor("tester/admin", List.of("run", "--command", "touch " + marker)),
                null, Map.of("KRB5_CONFIG", kdc.krb5Conf().toString(), "KRB5CCNAME", "FILE:" + instanceCache),
                DRIVER_TIMEOUT);
        assertThat(server().shellCount()).isEqualTo(shellsBefore);
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
        assertThat(marker).doesNotExist();
    }

    /** Options that trust the server for this class's listener. */
    List<String> trustOptions() {
        return listener() == Listener.HTTPS ? trusted() : List.of();
    }

    private List<String> argvFor(String user, List<String> scenario) {
        List<String> argv = new java.util.ArrayList<>(argv(trustOptions(), scenario.toArray(String[]::new)));
        argv.set(argv.indexOf("--user") + 1, user);
        return argv;
    }
}
