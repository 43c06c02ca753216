package io.openwinrm.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.MitKdc;
import io.openwinrm.testkit.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * pypsrp's WinRS client with Kerberos (pyspnego over python-gssapi and MIT's libgssapi_krb5, SPNEGO with a
 * Kerberos token, {@code application/HTTP-SPNEGO-session-encrypted} bodies on http://), from a credential cache
 * kinit wrote, against the realm's throwaway KDC: over plain HTTP every message is sealed with the context's AES key,
 * over HTTPS the certificate is checked; a ticket for a service whose key the server lacks is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PypsrpKerberosInteropTest {

    private TestServer server;
    private MitKdc kdc;
    private Path cache;
    private List<String> python;

    @BeforeAll
    void start() throws Exception {
        Peer.Location.Found pywinrm = PeerRequirement.require(Peer.PYWINRM);
        python = List.of(pywinrm.command().get(0), Peer.baseDir().resolve("pypsrp/winrs.py").toString());
        DriverResult probe = DriverRunner.run(List.of(python.get(0), "-c", "import pypsrp.shell, gssapi, krb5"),
                null, Duration.ofSeconds(60));
        if (probe.exitCode() != 0) {
            String message = "pypsrp, python-gssapi or python-krb5 is not importable by " + python.get(0)
                    + " (bin/run-tests installs them)";
            if (PeerRequirement.required()) {
                throw new AssertionError(message);
            }
            org.junit.jupiter.api.Assumptions.abort(message);
        }
        kdc = KerberosRealm.kdc();
        cache = KerberosRealm.cache("tester");
        server = TestServer.start(TestServer.Options.defaults().kerberos(KerberosRealm.serviceKeytab(),
                kdc.krb5Conf()));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** pypsrp joins the program and its arguments with spaces into the cmd shell's command line, unquoted. */
    private DriverResult winrs(URI endpoint, String host, String... command) throws Exception {
        List<String> argv = new ArrayList<>(python);
        argv.addAll(List.of("--endpoint", endpoint.toString(), "--user", "tester@" + KerberosRealm.REALM,
                "--auth", "kerberos", "--kerberos-hostname", host, "--ca-file",
                server.caCertificatePem().toString(), "--"));
        argv.addAll(List.of(command));
        return DriverRunner.run(argv, null, Map.of("KRB5_CONFIG", kdc.krb5Conf().toString(), "KRB5CCNAME",
                "FILE:" + cache), Duration.ofSeconds(90));
    }

    @Test
    void overHttpEveryMessageIsSealed() throws Exception {
        DriverResult r = winrs(server.httpEndpoint(), "localhost", "echo", "sealed;", "echo", "err", ">&2");
        assertThat(r.exitCode()).as("winrs.py exit%s", r.describe()).isZero();
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo("sealed\n");
        assertThat(new String(r.bytesField("stderr_b64"), UTF_8)).isEqualTo("err\n");
        assertThat(r.longField("rc")).isZero();
    }

    @Test
    void overHttps() throws Exception {
        DriverResult r = winrs(server.httpsEndpoint(), "localhost", "exit", "3");
        assertThat(r.exitCode()).as("winrs.py exit%s", r.describe()).isZero();
        assertThat(r.longField("rc")).isEqualTo(3);
    }

    @Test
    void aTicketForAnotherServiceIsRefused() throws Exception {
        int shellsBefore = server.shellCount();
        DriverResult r = winrs(server.httpEndpoint(), "elsewhere", "/bin/true");
        assertThat(r.exitCode()).as("winrs.py exit%s", r.describe()).isEqualTo(1);
        assertThat(server.shellCount()).isEqualTo(shellsBefore);
    }
}
