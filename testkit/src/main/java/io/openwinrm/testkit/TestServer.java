package io.openwinrm.testkit;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.auth.certificate.CertificateMappingFile;
import io.openwinrm.os.LocalProcessLauncher;
import io.openwinrm.server.WinRmServer;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.config.AuthSettings;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.transport.server.IpFilter;
import io.openwinrm.transport.tls.SelfSignedCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An OpenWinRM server in this JVM for tests: HTTPS and HTTP listeners on 127.0.0.1 ephemeral ports, a temporary state
 * directory, a fresh self-signed certificate (SANs localhost, 127.0.0.1, ::1) and one account with a random password.
 */
public final class TestServer implements AutoCloseable {

    private final Path home;
    private final WinRmServer server;
    private final String user;
    private final String password;
    private final Path certificate;
    private final String fingerprint;

    private TestServer(Path home, WinRmServer server, String user, String password, Path certificate,
            String fingerprint) {
        this.home = home;
        this.server = server;
        this.user = user;
        this.password = password;
        this.certificate = certificate;
        this.fingerprint = fingerprint;
    }

    public static TestServer start() {
        return start(Options.defaults());
    }

    public static TestServer start(Options o) {
        Path home = null;
        try {
            home = Files.createTempDirectory("openwinrm-test-");
            Path cert = home.resolve("tls/server.crt");
            Path key = home.resolve("tls/server.key");
            Files.createDirectories(cert.getParent());
            SelfSignedCertificates.CertificateAndKey ck = SelfSignedCertificates.generate("localhost");
            ck.write(cert, key);
            String user = "tester";
            byte[] r = new byte[15];
            new SecureRandom().nextBytes(r);
            String password = "pw-" + Base64.getUrlEncoder().withoutPadding().encodeToString(r);
            AccountStore accounts = AccountStore.load(home.resolve("accounts"),
                    new AccountStore.Options(10_000, Duration.ofMinutes(5), 1024, System::nanoTime));
            accounts.add(user, password.toCharArray());
            for (Map.Entry<String, String> extra : o.extraAccounts.entrySet()) {
                accounts.add(extra.getKey(), extra.getValue().toCharArray());
            }
            // a client certificate for the test account (self-signed: also the trusted client CA)
            Path clientCert = home.resolve("client/client.crt");
            Path clientKey = home.resolve("client/client.key");
            Files.createDirectories(clientCert.getParent());
            SelfSignedCertificates.generateClient(user, user + "@localhost", Duration.ofDays(1))
                    .write(clientCert, clientKey);
            Path certMap = home.resolve("certificate-mappings");
            new CertificateMappingFile(certMap).map(user, user + "@localhost");
            AuthSettings auth = new AuthSettings(true, true, true, clientCert, certMap, o.cbtHardening);
            ServerConfig config = new ServerConfig(List.of(
                    new ListenerSettings("https", o.bind, 0, true, false, o.ipFilter),
                    new ListenerSettings("http", o.bind, 0, false, o.allowUnencrypted, o.ipFilter)),
                    cert, key, home.resolve("accounts"), o.maxEnvelopeSizeKb, o.operationTimeoutCap, auth,
                    o.shellLimits, ServerConfig.DEFAULT_HTTP_IDLE_TIMEOUT);
            AccessControl access = o.access == null ? AccessControl.singleUser() : o.access.apply(home);
            WinRmServer server = WinRmServer.start(config, new LocalProcessLauncher(), accounts, access);
            return new TestServer(home, server, user, password, cert, ck.fingerprint());
        } catch (IOException e) {
            if (home != null) {
                deleteTree(home);
            }
            throw new UncheckedIOException(e);
        }
    }

    public URI httpsEndpoint() {
        return URI.create(server.listener(true).url());
    }

    public URI httpEndpoint() {
        return URI.create(server.listener(false).url());
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The server certificate (self-signed) as PEM: trust it as a CA file. */
    public Path caCertificatePem() {
        return certificate;
    }

    /** A client certificate (PEM) mapped to {@link #user()} for certificate authentication on HTTPS. */
    public Path clientCertificatePem() {
        return home.resolve("client/client.crt");
    }

    /** The private key (PEM, PKCS#8) of {@link #clientCertificatePem()}. */
    public Path clientKeyPem() {
        return home.resolve("client/client.key");
    }

    /** SHA-256 fingerprint of the server certificate, {@code AA:BB:...}. */
    public String certificateSha256() {
        return fingerprint;
    }

    public Path home() {
        return home;
    }

    public WinRmServer server() {
        return server;
    }

    /** Commands whose process is still running in any shell of the test account (for leak checks). */
    public int liveProcessCount() {
        int n = 0;
        for (Shell s : server.shells().list(user)) {
            n += (int) s.commands().stream().filter(c -> c.isProcessRunning()).count();
        }
        return n;
    }

    /** Open shells of the test account. */
    public int shellCount() {
        return server.shells().list(user).size();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary directory: best effort
        }
    }

    /** What to change from the defaults. */
    public static final class Options {
        boolean allowUnencrypted;
        Duration operationTimeoutCap = ServerConfig.DEFAULT_MAX_TIMEOUT;
        int maxEnvelopeSizeKb = ServerConfig.DEFAULT_MAX_ENVELOPE_SIZE_KB;
        ShellLimits shellLimits = ShellLimits.DEFAULTS;
        String cbtHardening = "relaxed";
        String bind = "127.0.0.1";
        IpFilter ipFilter = IpFilter.ALLOW_ALL;
        Function<Path, AccessControl> access;
        final Map<String, String> extraAccounts = new LinkedHashMap<>();

        public static Options defaults() {
            return new Options();
        }

        public Options allowUnencrypted(boolean v) {
            this.allowUnencrypted = v;
            return this;
        }

        /** MaxTimeoutms: caps the OperationTimeout clients ask for. */
        public Options operationTimeoutCap(Duration d) {
            this.operationTimeoutCap = d;
            return this;
        }

        public Options maxEnvelopeSizeKb(int kb) {
            this.maxEnvelopeSizeKb = kb;
            return this;
        }

        /** Channel-binding hardening for NTLM: none, relaxed (default) or strict. */
        public Options cbtHardening(String level) {
            this.cbtHardening = level;
            return this;
        }

        /** The address both listeners bind (default 127.0.0.1). */
        public Options bind(String address) {
            this.bind = address;
            return this;
        }

        /** IPv4Filter / IPv6Filter of both listeners (default: every address). */
        public Options ipFilter(IpFilter filter) {
            this.ipFilter = filter;
            return this;
        }

        /**
         * Endpoints, isolation and audit, built from the server's temporary home (default:
         * {@link AccessControl#singleUser()}: built-in endpoints, everything as the test process's user).
         */
        public Options access(Function<Path, AccessControl> value) {
            this.access = value;
            return this;
        }

        /** Another account in the server's account store (besides {@link TestServer#user()}). */
        public Options account(String name, String password) {
            this.extraAccounts.put(name, password);
            return this;
        }

        public Options shellLimits(ShellLimits l) {
            this.shellLimits = l;
            return this;
        }
    }
}
