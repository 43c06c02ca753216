package io.openwinrm.interop;

import io.openwinrm.testkit.MitKdc;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Path;
import java.util.List;

/**
 * The Go client masterzen/winrm with {@code NewClientKerberos} (gokrb5) over HTTPS: every request carries a SPNEGO
 * token with a fresh AP-REQ for {@code HTTP/localhost}, the ticket read from a credential cache MIT's kinit wrote,
 * against the realm's real KDC. (This client cannot seal Kerberos messages, so there is no HTTP variant.) The shared
 * scenarios run authenticated by Kerberos.
 */
class GoKerberosHttpsInteropTest extends AbstractShellScenarioInteropTest {

    private MitKdc kdc;
    private Path keytab;
    private Path cache;

    @Override
    Peer peer() {
        return Peer.GO;
    }

    @Override
    void beforeServerStart() throws Exception {
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
        return List.of("--transport", "kerberos", "--krb5-conf", kdc.krb5Conf().toString(), "--ccache",
                cache.toString(), "--spn", "HTTP/localhost");
    }

    @Override
    String driverPassword() {
        return null;
    }
}
