package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.TrustedHosts;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.testkit.MitKdc;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Our own client with Kerberos against our server, the realm's real KDC in between: a password turned into a TGT
 * in memory (no cache written), and a keytab. On plain HTTP every message is sealed (the server refuses anything
 * else) and no TrustedHosts entry is needed, since the AP-REP proves the server; on HTTPS the certificate is checked
 * as usual. A wrong service name fails with a message naming the problem.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KerberosClientInteropTest {

    private TestServer server;
    private MitKdc kdc;

    @BeforeAll
    void start() throws Exception {
        kdc = KerberosRealm.kdc();
        server = TestServer.start(TestServer.Options.defaults().kerberos(KerberosRealm.serviceKeytab(),
                kdc.krb5Conf()));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Credentials password() {
        return Credentials.kerberos(Optional.of("tester@" + KerberosRealm.REALM), Optional.empty(),
                Optional.of(KerberosRealm.PASSWORD.toCharArray()), Optional.of("HTTP/localhost"));
    }

    @Test
    void passwordLoginOverHttpSealsEveryMessageWithoutTrustedHosts() {
        WinRmClient client = WinRmClient.builder().credentials(password()).trustedHosts(TrustedHosts.NONE).build();
        CommandResult r = client.run(Endpoint.parse(server.httpEndpoint().toString(), true), "echo kerberos");
        assertThat(r.stdoutText()).isEqualTo("kerberos\n");
        assertThat(r.exitCode()).isZero();
    }

    /**
     * {@code Negotiate} with a realm-qualified name picks Kerberos, as Windows does: over plain HTTP to a host outside
     * TrustedHosts, where NTLM may not be sent at all, the password logs in to the realm and the command runs.
     */
    @Test
    void negotiateWithARealmNameUsesKerberos() {
        WinRmClient client = WinRmClient.builder().credentials(Credentials.negotiate("tester@" + KerberosRealm.REALM,
                KerberosRealm.PASSWORD.toCharArray())).trustedHosts(TrustedHosts.NONE).build();
        // the service principal is HTTP/<host>: reach the server as localhost, the name its key is for
        CommandResult r = client.run(Endpoint.parse(server.httpEndpoint().toString().replace("127.0.0.1",
                "localhost"), true), "echo negotiated");
        assertThat(r.stdoutText()).isEqualTo("negotiated\n");
    }

    /**
     * ... and falls back to NTLM when Kerberos cannot be had: the password is the server's NTLM account's, not the
     * realm's, so the Kerberos login fails, and NTLM with the same name and password (a trusted host) logs in.
     */
    @Test
    void negotiateFallsBackToNtlmWhenTheRealmDoesNotKnowTheUser() {
        WinRmClient client = WinRmClient.builder().credentials(Credentials.negotiate(server.user() + "@"
                + KerberosRealm.REALM, server.password().toCharArray()))
                .trustedHosts(TrustedHosts.parse("127.0.0.1")).build();
        CommandResult r = client.run(Endpoint.parse(server.httpEndpoint().toString(), true), "echo ntlm");
        assertThat(r.stdoutText()).isEqualTo("ntlm\n");
    }

    /** Without TrustedHosts the NTLM fallback is not taken over plain HTTP, and the message says so. */
    @Test
    void negotiateDoesNotFallBackToNtlmOverUntrustedHttp() {
        WinRmClient client = WinRmClient.builder().credentials(Credentials.negotiate(server.user() + "@"
                + KerberosRealm.REALM, server.password().toCharArray())).trustedHosts(TrustedHosts.NONE).build();
        assertThatThrownBy(() -> client.run(Endpoint.parse(server.httpEndpoint().toString(), true), "echo no"))
                .isInstanceOf(WinRmAuthenticationException.class).hasMessageContaining("NTLM was not tried");
    }

    @Test
    void keytabLoginOverHttps() throws Exception {
        Path keytab = kdc.directory().resolve("tester-client.keytab");
        kdc.kadmin("ktadd -norandkey -k " + keytab + " tester");
        WinRmClient client = WinRmClient.builder().credentials(Credentials.kerberos(
                        Optional.of("tester@" + KerberosRealm.REALM), Optional.of(keytab), Optional.empty(),
                        Optional.of("HTTP/localhost")))
                .trustCertificates(server.caCertificatePem()).build();
        CommandResult r = client.run(Endpoint.parse(server.httpsEndpoint().toString(), false), "id -u >/dev/null; echo ok");
        assertThat(r.stdoutText()).isEqualTo("ok\n");
    }

    @Test
    void aServicePrincipalTheServerHasNoKeyForFails() {
        WinRmClient client = WinRmClient.builder().credentials(Credentials.kerberos(
                Optional.of("tester@" + KerberosRealm.REALM), Optional.empty(),
                Optional.of(KerberosRealm.PASSWORD.toCharArray()), Optional.of("HTTP/elsewhere"))).build();
        assertThatThrownBy(() -> client.run(Endpoint.parse(server.httpEndpoint().toString(), true), "echo no"))
                .isInstanceOf(WinRmAuthenticationException.class).hasMessageContaining("HTTP 401");
    }

    @Test
    void aWrongPasswordFailsAtLogin() {
        WinRmClient client = WinRmClient.builder().credentials(Credentials.kerberos(
                Optional.of("tester@" + KerberosRealm.REALM), Optional.empty(),
                Optional.of("not-the-password".toCharArray()), Optional.of("HTTP/localhost"))).build();
        assertThatThrownBy(() -> client.run(Endpoint.parse(server.httpEndpoint().toString(), true), "echo no"))
                .isInstanceOf(WinRmAuthenticationException.class).hasMessageContaining("Kerberos login failed");
    }
}
