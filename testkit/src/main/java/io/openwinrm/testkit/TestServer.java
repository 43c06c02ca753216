package io.openwinrm.testkit;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.auth.certificate.CertificateMappingFile;
import io.openwinrm.auth.spi.PasswordAuthenticator;
import io.openwinrm.os.LocalProcessLauncher;
import io.openwinrm.os.PamPasswordAuthenticator;
import io.openwinrm.server.ServerParts;
import io.openwinrm.server.WinRmServer;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.config.AuthSettings;
import io.openwinrm.server.config.KerberosSettings;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.PasswordSource;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.transport.server.AuthThrottleSettings;
import io.openwinrm.transport.server.TransportLimits;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An OpenWinRM server in this JVM for tests: HTTPS and HTTP listeners on 127.0.0.1 ephemeral ports, a temporary state
 * directory, a fresh self-signed certificate (SANs localhost, 127.0.0.1, ::1) and one account with a random password.
 */
public final class TestServer implements AutoCloseable {

    /** {@code -Dopenwinrm.test.server=process}: run {@code openwinrm serve} in a process of its own (as root: the
     *  privilege-separated server) instead of a server in this JVM. */
    public static final String MODE_PROPERTY = "openwinrm.test.server";

    private final Path home;
    private final WinRmServer server;
    private final ServeProcess process;
    private final String user;
    private final String password;
    private final Path certificate;
    private final String fingerprint;

    private TestServer(Path home, WinRmServer server, String user, String password, Path certificate,
            String fingerprint) {
        this(home, server, null, user, password, certificate, fingerprint);
    }

    private TestServer(Path home, WinRmServer server, ServeProcess process, String user, String password,
            Path certificate, String fingerprint) {
        this.home = home;
        this.server = server;
        this.process = process;
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
            if (o.inProcess()) {
                // files for serve: endpoints, roles, and the configuration below
                for (Map.Entry<String, String> f : o.files.entrySet()) {
                    Path file = home.resolve(f.getKey());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, f.getValue());
                }
            } else {
                Files.writeString(home.resolve("openwinrm.toml"), o.toml());
                for (Map.Entry<String, String> f : o.files.entrySet()) {
                    Path file = home.resolve(f.getKey());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, f.getValue());
                }
                ServeProcess serve = ServeProcess.start(home, o.bind);
                return new TestServer(home, null, serve, user, password, cert, ck.fingerprint());
            }
            AuthSettings auth = new AuthSettings(true, true, true, clientCert, certMap, o.cbtHardening,
                    o.kerberosSettings(home), o.passwordSource, o.credssp);
            ServerConfig config = new ServerConfig(List.of(
                    new ListenerSettings("https", o.bind, 0, true, false, o.ipFilter),
                    new ListenerSettings("http", o.bind, 0, false, o.allowUnencrypted, o.ipFilter)),
                    cert, key, home.resolve("accounts"), o.maxEnvelopeSizeKb, o.operationTimeoutCap, auth,
                    o.shellLimits, ServerConfig.DEFAULT_HTTP_IDLE_TIMEOUT,
                    ServerConfig.DEFAULT_MAX_CONCURRENT_OPERATIONS_PER_USER, TransportLimits.defaults(),
                    new AuthThrottleSettings(o.authFailureLimit, AuthThrottleSettings.defaults().window(),
                            AuthThrottleSettings.defaults().blockFor()));
            AccessControl access = o.access == null ? AccessControl.singleUser() : o.access.apply(home);
            Optional<PasswordAuthenticator> pam = o.passwordSource.usesPam()
                    ? Optional.of(new PamPasswordAuthenticator()) : Optional.empty();
            WinRmServer server = WinRmServer.start(config, ServerParts.local(config, new LocalProcessLauncher(),
                    accounts, access, pam));
            return new TestServer(home, server, user, password, cert, ck.fingerprint());
        } catch (IOException e) {
            if (home != null) {
                deleteTree(home);
            }
            throw new UncheckedIOException(e);
        }
    }

    public URI httpsEndpoint() {
        return process != null ? process.https() : URI.create(server.listener(true).url());
    }

    public URI httpEndpoint() {
        return process != null ? process.http() : URI.create(server.listener(false).url());
    }

    /** Whether this is {@code openwinrm serve} in a process of its own (see {@link #MODE_PROPERTY}). */
    /** The process id of a server in a process of its own (its monitor when privilege-separated). */
    public java.util.OptionalLong processPid() {
        return process == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(process.pid());
    }

    /** What a server in a process of its own has logged so far; empty for a server in this JVM. */
    public Optional<String> processLog() {
        return process == null ? Optional.empty() : Optional.of(process.log());
    }

    public boolean separateProcess() {
        return process != null;
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

    /** The server in this JVM; not available for a separate process. */
    public WinRmServer server() {
        if (server == null) {
            throw new IllegalStateException("the server runs in a process of its own");
        }
        return server;
    }

    /** Commands whose process is still running in any shell of the test account (for leak checks). */
    public int liveProcessCount() {
        if (process != null) {
            return process.liveProcessCount();
        }
        int n = 0;
        for (Shell s : server.shells().list(user)) {
            n += (int) s.commands().stream().filter(c -> c.isProcessRunning()).count();
        }
        return n;
    }

    /** Open shells of the test account. */
    public int shellCount() {
        if (process != null) {
            return process.shellCount(user, password, certificate);
        }
        return server.shells().list(user).size();
    }

    @Override
    public void close() {
        try {
            if (process != null) {
                process.close();
            } else {
                server.close();
            }
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
        final Map<String, String> files = new LinkedHashMap<>();
        String security = "isolation = \"off\"\n";
        Boolean separateProcess;
        int authFailureLimit = AuthThrottleSettings.defaults().maxFailures();
        String metricsListen;
        String logSection;
        Path keytab;
        Path krb5Conf;
        PasswordSource passwordSource = PasswordSource.STORE;
        boolean credssp;

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

        /**
         * A file of the state directory ({@code endpoints/NAME.toml}, {@code roles/NAME.toml}): how a server in a
         * process of its own gets what {@link #access} gives a server in this JVM.
         */
        public Options file(String relative, String text) {
            this.files.put(relative, text);
            return this;
        }

        /** The {@code [security]} section's keys for a server in a process of its own (default: isolation off). */
        public Options security(String keys) {
            this.security = keys;
            return this;
        }

        /** Run {@code openwinrm serve} in a process of its own (default: {@link #MODE_PROPERTY}). */
        /**
         * {@code [metrics] listen = "ADDRESS:PORT"}: the Prometheus endpoint of a server in a process of its own (the
         * CLI layer runs it; a server in this JVM has none).
         */
        public Options metrics(String listen) {
            this.metricsListen = listen;
            return this;
        }

        /** {@code [log] format} and {@code file} (relative to the state directory) of a server in a process of its own. */
        public Options log(String format, String file) {
            this.logSection = "format = \"" + format + "\"\nfile = \"" + file + "\"\n";
            return this;
        }

        /**
         * Failed logons per address and account before a block ({@code service.auth_failure_limit}, default 10): a
         * test class that makes many refused attempts on purpose raises it, so that its own checks are not blocked.
         */
        public Options authFailureLimit(int value) {
            this.authFailureLimit = value;
            return this;
        }

        public Options separateProcess(boolean value) {
            this.separateProcess = value;
            return this;
        }

        boolean inProcess() {
            if (separateProcess != null) {
                return !separateProcess;
            }
            return !"process".equals(System.getProperty(MODE_PROPERTY));
        }

        /** The configuration file of a server in a process of its own, equivalent to these options. */
        String toml() {
            if (access != null && files.isEmpty() && security.equals("isolation = \"off\"\n")) {
                throw new IllegalStateException("a server in a process of its own needs the endpoint files and "
                        + "[security] keys equivalent to the access control given (Options.file, Options.security)");
            }
            StringBuilder t = new StringBuilder();
            t.append("[service]\nmax_envelope_size_kb = ").append(maxEnvelopeSizeKb).append("\nmax_timeout_ms = ")
                    .append(operationTimeoutCap.toMillis()).append("\nauth_failure_limit = ").append(authFailureLimit)
                    .append("\n\n[auth]\ncertificate = true\n")
                    .append("client_ca = \"client/client.crt\"\ncertificate_map = \"certificate-mappings\"\n")
                    .append("cbt_hardening = \"").append(cbtHardening).append("\"\n")
                    .append("credssp = ").append(credssp).append('\n');
            if (keytab != null) {
                t.append("kerberos = true\n\n[kerberos]\nkeytab = \"").append(keytab).append("\"\nkrb5_conf = \"")
                        .append(krb5Conf).append("\"\n");
            }
            if (logSection != null) {
                t.append("\n[log]\n").append(logSection);
            }
            if (metricsListen != null) {
                t.append("\n[metrics]\nlisten = \"").append(metricsListen).append("\"\n");
            }
            t.append("\n[accounts]\npassword_source = \"").append(passwordSource.name().toLowerCase(Locale.ROOT))
                    .append("\"\n\n[security]\n").append(security).append('\n');
            t.append("[[listener]]\nname = \"https\"\naddress = \"").append(bind).append("\"\nport = 5986\n")
                    .append("transport = \"https\"\n\n[[listener]]\nname = \"http\"\naddress = \"").append(bind)
                    .append("\"\nport = 5985\ntransport = \"http\"\nallow_unencrypted = ").append(allowUnencrypted)
                    .append('\n');
            return t.toString();
        }

        /** CredSSP on ({@code [auth] credssp}); off by default, as in the product. */
        public Options credssp(boolean value) {
            this.credssp = value;
            return this;
        }

        /** Where Basic passwords are checked (default: the account store; PAM needs root). */
        public Options passwordSource(PasswordSource value) {
            this.passwordSource = value;
            return this;
        }

        /** Kerberos on, with this keytab and krb5.conf (a {@link MitKdc}'s), users of its default realm. */
        public Options kerberos(Path keytab, Path krb5Conf) {
            this.keytab = keytab;
            this.krb5Conf = krb5Conf;
            return this;
        }

        Optional<KerberosSettings> kerberosSettings(Path home) {
            return keytab == null ? Optional.empty() : Optional.of(new KerberosSettings(keytab, Optional.empty(),
                    List.of(), Optional.of(krb5Conf), home.resolve("principal-mappings")));
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
