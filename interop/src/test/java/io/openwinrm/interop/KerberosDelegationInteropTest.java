package io.openwinrm.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.TrustedHosts;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.os.LinuxTemporaryAccounts;
import io.openwinrm.os.PosixAccounts;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.testkit.MitKdc;
import io.openwinrm.testkit.OsUsers;
import io.openwinrm.testkit.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's second hop by Kerberos delegation, A → B, as root with real accounts: a client authenticates to server A
 * with a forwardable TGT and delegates it; A writes it to the shell's private credential cache (0600, the caller's,
 * in root's 0711 directory, named by {@code KRB5CCNAME}) and a command there — our own CLI, run by the account —
 * authenticates onward to server B by Kerberos and runs {@code id -un} as the same account. The cache is gone when the
 * shell closes. Without delegation the onward hop fails with a message naming the second-hop problem and its
 * answers. Clients: our Java client ({@code --delegate}) and pywinrm ({@code kerberos_delegation=True}, MIT GSSAPI).
 */
class KerberosDelegationInteropTest extends AbstractPeerInteropTest {

    private static final Pattern CACHE = Pattern.compile("cache=FILE:(\\S+) (\\S+) (\\d+)");

    private final OsUsers users = new OsUsers();
    private final String account = users.name("owdlg");
    private MitKdc kdc;
    private Path keytab;
    private TestServer serverB;
    private Path shared;
    private String classpath;

    @Override
    Peer peer() {
        return Peer.PYWINRM;
    }

    @Override
    Listener listener() {
        return Listener.HTTP;
    }

    @Override
    void beforeServerStart() throws Exception {
        assumeTrue(new PosixAccounts().canSwitchUsers(), "needs root: creates OS accounts, runs commands as them");
        kdc = KerberosRealm.kdc();
        keytab = KerberosRealm.serviceKeytab();
        users.user(account, "sudo");
        kdc.addUser(account, KerberosRealm.PASSWORD);
        shared = Files.createTempDirectory("openwinrm-hop-");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(kdc.krb5Conf(), shared.resolve("krb5.conf"));
        classpath = portableClasspath(shared.resolve("lib"));
        serverB = TestServer.start(serverOptions());
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (serverB != null) {
            serverB.close();
        }
        users.close();
        if (shared != null) {
            try (Stream<Path> all = Files.walk(shared)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    TestServer.Options serverOptions() {
        return TestServer.Options.defaults().kerberos(keytab, kdc.krb5Conf())
                .credssp(true).account(account, KerberosRealm.PASSWORD)
                .security("isolation = \"on\"\n")
                .access(home -> new AccessControl(EndpointRegistry.of(List.of(Endpoint.defaultShell())),
                        new CallerResolver(new PosixAccounts(), IsolationMode.ON),
                        Optional.of(new LinuxTemporaryAccounts()), AuditLog.NONE));
    }

    @Override
    List<String> authOptions() {
        return List.of("--transport", "kerberos", "--kerberos-hostname", "localhost", "--kerberos-delegation");
    }

    @Override
    String driverPassword() {
        return null;
    }

    @Override
    Map<String, String> driverEnvironment() {
        try {
            Path cache = Files.createTempFile(kdc.directory(), "fwd", ".ccache");
            kdc.kinit(account, KerberosRealm.PASSWORD, cache, "-f");
            return Map.of("KRB5_CONFIG", kdc.krb5Conf().toString(), "KRB5CCNAME", "FILE:" + cache);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void ourClientDelegatesAndTheSecondHopRunsAsTheCaller() throws Exception {
        CommandResult r = client(true).run(io.openwinrm.client.Endpoint.parse(server().httpEndpoint().toString(),
                true), hop());
        assertThat(r.exitCode()).as("stderr: %s", r.stderrText()).isZero();
        assertSecondHop(r.stdoutText());
    }

    @Test
    void pywinrmDelegatesAndTheSecondHopRunsAsTheCaller() throws Exception {
        DriverResult r = DriverRunner.run(argvAs(account, List.of("run", "--command", hop())), null,
                driverEnvironment(), DRIVER_TIMEOUT);
        assertThat(r.exitCode()).as("driver exit%s", r.describe()).isZero();
        assertThat(r.longField("exit_code")).as("remote exit, stderr %s",
                new String(r.bytesField("stderr_b64"), UTF_8)).isZero();
        assertSecondHop(new String(r.bytesField("stdout_b64"), UTF_8));
    }

    /**
     * CredSSP's second hop on a server with a realm (issue 15): pywinrm logs on with {@code transport='credssp'}
     * (requests-credssp: TLS inside the CredSSP tokens, NTLM inside that, then the password in TSCredentials); the
     * server turns the delegated password into a TGT from the realm's KDC, and the shell (running as the caller) gets
     * it as its private cache, through which the command on A reaches B with Kerberos, as after Kerberos delegation.
     */
    @Test
    void aCredSspLogonsPasswordBecomesTheShellsTicketForTheSecondHop() throws Exception {
        List<String> argv = new ArrayList<>(PeerRequirement.require(Peer.PYWINRM).command());
        argv.addAll(List.of("--endpoint", server().httpEndpoint().toString(), "--user", account, "--transport",
                "credssp", "run", "--command", hop()));
        DriverResult r = DriverRunner.run(argv, KerberosRealm.PASSWORD, Map.of("KRB5_CONFIG",
                kdc.krb5Conf().toString()), DRIVER_TIMEOUT);
        assertThat(r.exitCode()).as("driver exit%s", r.describe()).isZero();
        assertThat(r.longField("exit_code")).as("remote exit, stderr %s",
                new String(r.bytesField("stderr_b64"), UTF_8)).isZero();
        assertSecondHop(new String(r.bytesField("stdout_b64"), UTF_8));
    }

    @Test
    void withoutDelegationTheSecondHopFailsAndSaysWhy() throws Exception {
        CommandResult r = client(false).run(io.openwinrm.client.Endpoint.parse(server().httpEndpoint().toString(),
                true), "echo cache=${KRB5CCNAME:-none}; " + secondHop());
        assertThat(r.stdoutText()).startsWith("cache=none\n").doesNotContain(account + "\n");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderrText()).contains("second-hop problem").contains("--delegate").contains("CredSSP")
                .contains("RunAs");
    }

    /**
     * An attacker's Create names a credential cache of its choosing in {@code KRB5CCNAME} (here a root-owned file):
     * the delegating shell's commands still get the server's private cache with the caller's forwarded ticket, and
     * closing the shell removes only that cache. The named file is neither offered as the caller's credentials nor
     * touched by root when the shell goes.
     */
    @Test
    void aCacheNamedInTheCreateIsNeitherUsedNorRemoved() throws Exception {
        Path victim = Files.createTempFile(kdc.directory(), "root-only", ".ccache");
        Files.writeString(victim, "root's file, not a credential cache\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        io.openwinrm.client.Endpoint a = io.openwinrm.client.Endpoint.parse(server().httpEndpoint().toString(), true);
        String out;
        try (io.openwinrm.client.Shell shell = client(true).openShell(a,
                io.openwinrm.client.ShellOptions.DEFAULT.withEnvironment("KRB5CCNAME", "FILE:" + victim))) {
            CommandResult r = shell.run("f=${KRB5CCNAME#FILE:}; echo \"cache=$KRB5CCNAME $(stat -c '%U %a' \"$f\")\"; "
                    + "KRB5_CONFIG=" + shared.resolve("krb5.conf") + " klist | grep 'Default principal'", List.of());
            assertThat(r.exitCode()).as("stderr: %s", r.stderrText()).isZero();
            out = r.stdoutText();
        }
        Matcher m = CACHE.matcher(out);
        assertThat(m.find()).as("cache line in %s", out).isTrue();
        assertThat(Path.of(m.group(1))).isNotEqualTo(victim);
        assertThat(Path.of(m.group(1)).getParent().getFileName().toString()).startsWith("ccache-");
        assertThat(m.group(2)).isEqualTo(account);
        assertThat(out).contains("Default principal: " + account + "@" + KerberosRealm.REALM);
        assertThat(Path.of(m.group(1))).as("the shell's own cache goes with it").doesNotExist();
        assertThat(Files.readString(victim)).as("the file the Create named is untouched")
                .isEqualTo("root's file, not a credential cache\n");
    }

    /** A principal the KDC never gives forwardable tickets: --delegate fails before anything runs, and says why. */
    @Test
    void aTicketThatCannotBeForwardedIsNotSilentlyUndelegated() throws Exception {
        String principal = users.name("owfwd");
        kdc.addUser(principal, KerberosRealm.PASSWORD, "-allow_forwardable");
        WinRmClient client = WinRmClient.builder().credentials(Credentials.kerberos(Optional.of(principal + "@"
                        + KerberosRealm.REALM), Optional.empty(), Optional.of(KerberosRealm.PASSWORD.toCharArray()),
                Optional.of("HTTP/localhost"), true)).trustedHosts(TrustedHosts.NONE).build();
        int shellsBefore = server().shellCount();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.run(io.openwinrm.client.Endpoint.parse(
                        server().httpEndpoint().toString(), true), "echo no"))
                .isInstanceOf(io.openwinrm.client.WinRmAuthenticationException.class)
                .hasMessageContaining("not forwardable");
        assertThat(server().shellCount()).isEqualTo(shellsBefore);
    }

    /** What runs on A: where the cache is, its owner and mode, then the hop to B. */
    private String hop() {
        return "f=${KRB5CCNAME#FILE:}; echo \"cache=$KRB5CCNAME $(stat -c '%U %a' \"$f\")\"; "
                + "KRB5_CONFIG=" + shared.resolve("krb5.conf") + " klist | grep -E 'Default principal|krbtgt/'; "
                + secondHop();
    }

    private String secondHop() {
        return "KRB5_CONFIG=" + shared.resolve("krb5.conf") + " "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " -Xmx128m -XX:TieredStopAtLevel=1 "
                + "-XX:+UseSerialGC -cp " + classpath + " io.openwinrm.cli.Main invoke -c "
                + serverB.httpEndpoint() + " --auth kerberos --spn HTTP/localhost -- id -un";
    }

    private void assertSecondHop(String out) {
        Matcher m = CACHE.matcher(out);
        assertThat(m.find()).as("cache line in %s", out).isTrue();
        Path cache = Path.of(m.group(1));
        assertThat(cache.getParent().getFileName().toString()).startsWith("ccache-");
        assertThat(m.group(2)).isEqualTo(account);
        assertThat(m.group(3)).isEqualTo("600");
        assertThat(out).contains("Default principal: " + account + "@" + KerberosRealm.REALM)
                .contains("krbtgt/" + KerberosRealm.REALM + "@" + KerberosRealm.REALM)
                .endsWith("\n" + account + "\n");
        assertThat(cache).as("the cache is removed with the shell").doesNotExist();
    }

    private WinRmClient client(boolean delegate) {
        return WinRmClient.builder().credentials(Credentials.kerberos(Optional.of(account + "@"
                        + KerberosRealm.REALM), Optional.empty(), Optional.of(KerberosRealm.PASSWORD.toCharArray()),
                Optional.of("HTTP/localhost"), delegate)).trustedHosts(TrustedHosts.NONE).build();
    }

    private List<String> argvAs(String user, List<String> scenario) {
        List<String> argv = new ArrayList<>(argv(List.of(), scenario.toArray(String[]::new)));
        argv.set(argv.indexOf("--user") + 1, user);
        return argv;
    }

    /**
     * This JVM's class path copied where any account can read it (the build's may sit under root's home), so that an
     * ordinary account's command can start our CLI. Surefire's manifest-only booter jar is expanded.
     */
    private static String portableClasspath(Path lib) throws IOException {
        Files.createDirectories(lib);
        List<Path> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            entries.add(p);
            if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    String manifestPath = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (manifestPath != null) {
                        for (String u : manifestPath.trim().split("\\s+")) {
                            entries.add(Path.of(URI.create(u.startsWith("file:") ? u : p.getParent().toUri()
                                    .resolve(u).toString())));
                        }
                    }
                }
            }
        }
        List<String> copied = new ArrayList<>();
        int n = 0;
        for (Path p : entries) {
            Path target = lib.resolve((n++) + "-" + p.getFileName());
            if (Files.isDirectory(p)) {
                try (Stream<Path> all = Files.walk(p)) {
                    for (Path f : all.toList()) {
                        Path to = target.resolve(p.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else if (Files.isRegularFile(p)) {
                try (InputStream in = Files.newInputStream(p)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                continue;
            }
            copied.add(target.toString());
        }
        try (Stream<Path> all = Files.walk(lib)) {
            for (Path f : all.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
        return String.join(java.io.File.pathSeparator, copied);
    }
}
