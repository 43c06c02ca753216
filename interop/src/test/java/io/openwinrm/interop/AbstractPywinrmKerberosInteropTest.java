package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.MitKdc;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        // the refusal tests below fail on purpose, more often than the default brake allows per address
        return TestServer.Options.defaults().kerberos(keytab, kdc.krb5Conf()).authFailureLimit(100);
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

    /**
     * A client whose clock runs 15 minutes ahead (pywinrm under libfaketime, with a service ticket fetched before, at
     * the real time, so that its own KDC exchanges cannot notice): the ticket is good and only the authenticator's time
     * is off, which the acceptor's skew check refuses (RFC 4120 3.2.3, KRB_AP_ERR_SKEW); nothing runs, and the same
     * client with the right time is then served.
     */
    @Test
    void aClientBeyondTheClockSkewIsRefused(@TempDir Path dir) throws Exception {
        Path faketime = faketimeLibrary();
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        Path withServiceTicket = KerberosRealm.cache("tester");
        kdc.kvno(withServiceTicket, "HTTP/localhost@" + KerberosRealm.REALM);
        Map<String, String> skewed = new java.util.HashMap<>(driverEnvironment());
        skewed.put("KRB5CCNAME", "FILE:" + withServiceTicket);
        skewed.put("LD_PRELOAD", faketime.toString());
        skewed.put("FAKETIME", "+15m");
        DriverResult r = DriverRunner.run(argv(trustOptions(), "run", "--command", "touch " + marker), null, skewed,
                DRIVER_TIMEOUT);
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
        assertThat(r.stringField("error_type")).as("refused by the server%s", r.describe())
                .isEqualTo("InvalidCredentialsError");
        assertThat(marker).doesNotExist();
        assertThat(server().shellCount()).isEqualTo(shellsBefore);
        DriverResult ok = drive(trustOptions(), "run", "--command", "echo on time");
        assertThat(ok.exitCode()).as("driver exit status%s", ok.describe()).isZero();
    }

    /**
     * A ticket with an RC4-HMAC session key (the realm issues them for {@code HTTP/rc4host}, whose key the server's
     * keytab holds, as {@code klist -e} confirms): the ticket is genuine, but the server refuses it, since only AES
     * keys can seal its messages (RC4 is deprecated, RFC 8429). The JDK's acceptor already refuses RC4 unless
     * {@code allow_weak_crypto}; the acceptor's own AES-only check stands behind it. Nothing runs.
     */
    @Test
    void anRc4SessionKeyIsRefused(@TempDir Path dir) throws Exception {
        Path rc4Cache = KerberosRealm.cache("tester");
        kdc.kvno(rc4Cache, "HTTP/rc4host@" + KerberosRealm.REALM);
        ProcessBuilder klist = new ProcessBuilder("klist", "-e", "-c", "FILE:" + rc4Cache).redirectErrorStream(true);
        klist.environment().putAll(kdc.environment());
        Process k = klist.start();
        String listed = new String(k.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        k.waitFor();
        assertThat(listed).as("the service ticket's session key is RC4").containsPattern(
                "HTTP/rc4host@\\S+\\s+renew until [^,]+, Etype \\(skey, tkt\\): (DEPRECATED:)?arcfour-hmac");
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = DriverRunner.run(argv(trustOptions().isEmpty() ? List.of() : trustOptions(), "run",
                        "--command", "touch " + marker).stream().map(a -> a.equals("localhost") ? "rc4host" : a)
                        .toList(), null, Map.of("KRB5_CONFIG", kdc.krb5Conf().toString(), "KRB5CCNAME", "FILE:"
                        + rc4Cache), DRIVER_TIMEOUT);
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
        assertThat(r.stringField("error_type")).as("refused by the server%s", r.describe())
                .isEqualTo("InvalidCredentialsError");
        assertThat(marker).doesNotExist();
        assertThat(server().shellCount()).isEqualTo(shellsBefore);
        server().processLog().ifPresent(log -> assertThat(log).as("the reason in the server's log")
                .containsPattern("RC4 with HMAC encryption type not in permitted_enctypes|encryption type 23 refused"));
    }

    /** libfaketime (Debian libfaketime; bin/run-tests installs it). */
    private static Path faketimeLibrary() throws java.io.IOException {
        try (java.util.stream.Stream<Path> libs = java.nio.file.Files.list(Path.of("/usr/lib"))) {
            Optional<Path> found = libs.map(d -> d.resolve("faketime/libfaketime.so.1"))
                    .filter(java.nio.file.Files::isRegularFile).findFirst();
            if (found.isEmpty()) {
                String message = "libfaketime is not installed (bin/run-tests installs it)";
                if (PeerRequirement.required()) {
                    Assertions.fail(message + "; OPENWINRM_INTEROP_REQUIRED=1 makes this a failure");
                }
                Assumptions.abort(message);
            }
            return found.get();
        }
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
