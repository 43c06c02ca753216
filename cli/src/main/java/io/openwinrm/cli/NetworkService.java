package io.openwinrm.cli;

import io.openwinrm.auth.basic.BasicAuthMechanismFactory;
import io.openwinrm.auth.credssp.CredSspAcceptorFactory;
import io.openwinrm.auth.credssp.CredSspMechanismFactory;
import io.openwinrm.auth.kerberos.KerberosMechanismFactory;
import io.openwinrm.auth.negotiate.NegotiateMechanismFactory;
import io.openwinrm.auth.ntlm.CbtHardening;
import io.openwinrm.auth.ntlm.NtHashLookup;
import io.openwinrm.auth.ntlm.NtlmAcceptorSettings;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.config.ServerConfigFile;
import io.openwinrm.cli.endpoint.EndpointDirectory;
import io.openwinrm.common.AtomicFiles;
import io.openwinrm.os.ipc.UnixSocket;
import io.openwinrm.privsep.network.MonitorAccounts;
import io.openwinrm.privsep.network.RemoteAccessAuthority;
import io.openwinrm.privsep.network.MonitorClient;
import io.openwinrm.privsep.network.RemoteAuditLog;
import io.openwinrm.privsep.network.RemoteAuthMechanismFactory;
import io.openwinrm.privsep.network.RemoteCertificateMapper;
import io.openwinrm.privsep.network.RemoteProcessLauncher;
import io.openwinrm.privsep.network.RemoteShellContexts;
import io.openwinrm.privsep.network.RemoteTranscriptFiles;
import io.openwinrm.privsep.wire.MonitorMessage.Config;
import io.openwinrm.privsep.wire.MonitorMessage.HelloReply;
import io.openwinrm.server.ServerParts;
import io.openwinrm.server.WinRmServer;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.config.AuthSettings;
import io.openwinrm.server.config.PasswordSource;
import io.openwinrm.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The unprivileged half of a privilege-separated server: started by the monitor as the service account, with no
 * capabilities and {@code no_new_privs}. It connects to the monitor, receives its configuration into its own
 * directory (it cannot read the state directory: no account store, no audit log), and runs the WinRM service with
 * every privileged part — credential checks, shells, processes, audit, transcripts — behind the monitor. When the
 * monitor goes away it says so and stops: it could not start anything any more.
 */
final class NetworkService {

    /** File names the monitor may send: relative, no {@code ..}. */
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private NetworkService() {
    }

    /**
     * @param home      the service's own directory (0700, its account's), where the configuration is written
     * @param overrides the same listener overrides the monitor was started with
     */
    static int run(Path socketPath, Path home, UnaryOperator<ServerConfig> overrides) throws Exception {
        CompletableFuture<Void> configured = new CompletableFuture<>();
        MonitorClient monitor = MonitorClient.open(UnixSocket.connect(socketPath), config -> {
            try {
                write(home, config);
                configured.complete(null);
            } catch (IOException | RuntimeException e) {
                System.out.println("openwinrm: network service: bad configuration from the monitor: "
                        + e.getMessage());
            }
        });
        configured.get(60, TimeUnit.SECONDS);
        HelloReply hello = monitor.hello();
        ServerConfigFile file;
        try {
            file = ServerConfigFile.of(read(home.resolve(StateDirectory.CONFIG_FILE)),
                    "openwinrm.toml (from the monitor)", home);
            // the same format as the monitor's log, into which ours (stderr) is relayed
            io.openwinrm.cli.logging.Logging.configure(file.log().format(), Optional.empty());
        } catch (ConfigException | IOException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        ServerConfig config = file.server();
        config = overrides.apply(config).withTlsFiles(home.resolve("tls/server.crt"), home.resolve("tls/server.key"));
        AuthSettings auth = config.auth();
        if (auth.certificate()) {
            config = config.withAuth(new AuthSettings(auth.basic(), auth.negotiate(), true,
                    home.resolve("client-ca.pem"), auth.certificateMap(), auth.cbtHardening(), Optional.empty(),
                    PasswordSource.STORE, auth.credssp()));
        }
        EndpointDirectory endpoints;
        try {
            endpoints = EndpointDirectory.open(home);
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        AccessControl access = new AccessControl(endpoints, new CallerResolver(new MonitorAccounts(hello),
                hello.switching() ? IsolationMode.ON : IsolationMode.OFF), Optional.empty(),
                new RemoteAuditLog(monitor), hello.hideProcesses(), new RemoteAccessAuthority(monitor));
        ServerParts parts = new ServerParts(new RemoteProcessLauncher(monitor), access,
                new RemoteShellContexts(monitor), mechanisms(monitor, config),
                config.auth().certificate() ? Optional.of(new RemoteCertificateMapper(monitor)) : Optional.empty(),
                new RemoteTranscriptFiles());
        Monitoring monitoring = Monitoring.start(file, config);
        WinRmServer server = WinRmServer.start(config, parts, monitoring.requests(), monitoring.authentication());
        monitoring.serving(server);
        String self = System.getProperty("user.name");
        System.out.println("openwinrm: privilege separation: this network service runs as " + self
                + " without capabilities; the monitor runs as " + hello.serverAccount());
        for (WinRmServer.BoundListener l : server.listeners()) {
            System.out.println("openwinrm: listening on " + l.address() + " (" + (l.https() ? "https" : "http")
                    + ") " + l.url());
        }
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            monitoring.close();
        }, "shutdown"));
        monitor.onClosed().join();
        System.out.println("openwinrm: the monitor has gone: this network service takes no new sessions and stops");
        System.out.flush();
        server.close();
        return ExitCodes.INTERNAL;
    }

    /** The schemes the configuration enables, each verified by the monitor. */
    private static List<AuthMechanismFactory> mechanisms(MonitorClient monitor, ServerConfig config)
            throws IOException {
        AuthSettings auth = config.auth();
        List<AuthMechanismFactory> out = new ArrayList<>();
        if (auth.negotiate()) {
            NtlmAcceptorSettings none = NtlmAcceptorSettings.of(NtHashLookup.exact(name -> Optional.empty()),
                    ServerParts.machineName(), CbtHardening.valueOf(auth.cbtHardening().toUpperCase(Locale.ROOT)));
            out.add(new RemoteAuthMechanismFactory(monitor, NegotiateMechanismFactory.negotiate(none)));
            out.add(new RemoteAuthMechanismFactory(monitor, NegotiateMechanismFactory.ntlm(none)));
        }
        if (auth.kerberos().isPresent()) {
            if (!auth.negotiate()) {
                NtlmAcceptorSettings none = NtlmAcceptorSettings.of(NtHashLookup.exact(name -> Optional.empty()),
                        ServerParts.machineName(), CbtHardening.RELAXED);
                out.add(new RemoteAuthMechanismFactory(monitor, NegotiateMechanismFactory.negotiate(none)));
            }
            out.add(new RemoteAuthMechanismFactory(monitor, new KerberosMechanismFactory(null)));
        }
        if (auth.basic()) {
            out.add(new RemoteAuthMechanismFactory(monitor,
                    new BasicAuthMechanismFactory((user, password, connection) -> false)));
        }
        if (auth.credssp()) {
            // the inner TLS runs here (tls/credssp.crt and .key, from the monitor); the TSRequests inside it go to
            // the monitor, which alone sees the NTLM exchange's keys and the delegated password
            CredSspAcceptorFactory template = new CredSspAcceptorFactory(new byte[0], () -> null,
                    (inner, credentials, connection) -> new AuthStep.Failure("not judged here"));
            out.add(new CredSspMechanismFactory(ServerParts.credSspTls(config),
                    new RemoteAuthMechanismFactory(monitor, template)));
        }
        return out;
    }

    /** Writes the monitor's files into {@code home}: each a name the pattern allows, replaced atomically. */
    private static void write(Path home, Config config) throws IOException {
        for (String dir : List.of("endpoints", "roles")) {
            Path d = home.resolve(dir);
            if (Files.isDirectory(d)) {
                try (var files = Files.list(d)) {
                    for (Path f : files.toList()) {
                        if (!config.files().containsKey(dir + "/" + f.getFileName())) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
        }
        for (Map.Entry<String, String> f : config.files().entrySet()) {
            if (!FILE.matcher(f.getKey()).matches() || f.getKey().contains("..")) {
                throw new IOException("refused file name " + f.getKey());
            }
            Path file = home.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, f.getValue().getBytes(StandardCharsets.UTF_8), true);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
