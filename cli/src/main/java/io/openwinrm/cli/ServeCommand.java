package io.openwinrm.cli;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.auth.spi.PasswordAuthenticator;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.config.ServerConfigFile;
import io.openwinrm.cli.config.ServerConfigLoader;
import io.openwinrm.cli.config.SecuritySettings;
import io.openwinrm.cli.logging.Logging;
import io.openwinrm.os.LocalProcessLauncher;
import io.openwinrm.os.PamPasswordAuthenticator;
import io.openwinrm.os.ServerInstance;
import io.openwinrm.server.ServerParts;
import io.openwinrm.server.WinRmServer;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.config.AuthSettings;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.PasswordSource;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.transport.server.IpFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code openwinrm serve}: runs the WinRM service in the foreground until SIGINT/SIGTERM. With no configuration file
 * it runs on the embedded defaults (HTTPS 5986 and HTTP 5985 on all addresses) and generates a self-signed
 * certificate on first start.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the WinRM service in the foreground.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: HOME/openwinrm.toml; "
            + "embedded defaults when absent).")
    Path configFile;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Listen on this address instead of the "
            + "configured ones.")
    String bind;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the HTTP listener (0: any free port; "
            + "-1: no HTTP listener).")
    Integer httpPort;

    @Option(names = "--https-port", paramLabel = "PORT", description = "Port of the HTTPS listener (0: any free "
            + "port; -1: no HTTPS listener).")
    Integer httpsPort;

    @Option(names = "--network-service", hidden = true, description = "Run as the unprivileged network service of a "
            + "privilege-separated server (started by its monitor).")
    boolean networkService;

    @Option(names = "--monitor-socket", hidden = true, paramLabel = "PATH", description = "The monitor's socket "
            + "(with --network-service).")
    Path monitorSocket;

    @Override
    public Integer call() throws Exception {
        fastProcessLaunch();
        if (networkService) {
            if (monitorSocket == null || home.home == null) {
                throw new CliException(ExitCodes.USAGE, "--network-service needs --monitor-socket and --home");
            }
            return NetworkService.run(monitorSocket, home.home, this::overrides);
        }
        StateDirectory dir = home.resolve();
        dir.ensureExists();
        // the configuration file is read once: every setting the server starts with comes from this one version
        ServerConfigFile file;
        SecuritySettings security;
        try {
            file = ServerConfigFile.read(ServerPaths.configFile(dir, configFile), dir.root());
            security = file.security();
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        ServerConfig config = overrides(file.server());
        startLog(file);
        if (config.listeners().stream().anyMatch(ListenerSettings::https)) {
            String fp = TlsMaterial.ensure(config, line -> System.out.println("openwinrm: " + line));
            System.out.println("openwinrm: certificate SHA-256 fingerprint " + fp);
        }
        if (config.auth().credssp()) {
            System.out.println("openwinrm: " + AuthSettings.CREDSSP_WARNING);
        }
        AccountStore accounts;
        try {
            accounts = AccountStore.load(config.accountsFile());
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        if (accounts.list().isEmpty()) {
            System.out.println("openwinrm: no accounts yet: add one with 'openwinrm user add NAME"
                    + (home.home != null ? " --home " + home.home : "") + "'");
        }
        ServerInstance instance = ServerInstance.of(dir.root());
        AccessControl access = ServerSecurity.load(dir, security, instance,
                line -> System.out.println("openwinrm: " + line));
        if (separated(security)) {
            return SeparatedServer.run(dir, ServerPaths.configFile(dir, configFile), config, accounts, access,
                    instance, childArgs());
        }
        System.out.println("openwinrm: one process (no privilege separation): " + (isRoot()
                ? "[security] privilege_separation = \"off\"" : "not run as root"));
        Monitoring monitoring = Monitoring.start(file, config);
        WinRmServer server;
        try {
            server = WinRmServer.start(config, ServerParts.local(config, new LocalProcessLauncher(instance), accounts,
                    access, systemPasswords(config)), monitoring.requests(), monitoring.authentication());
        } catch (IOException e) {
            monitoring.close();
            throw new CliException(ExitCodes.CONFIG, "cannot start: " + e.getMessage());
        }
        monitoring.serving(server);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            monitoring.close();
            stopped.countDown();
        }, "shutdown"));
        for (WinRmServer.BoundListener l : server.listeners()) {
            System.out.println("openwinrm: listening on " + l.address() + " (" + (l.https() ? "https" : "http")
                    + ") " + l.url());
        }
        System.out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /**
     * Applies {@code [log]}, and makes {@code SIGHUP} reopen the log file (log rotation) instead of stopping the
     * service, as sshd and most daemons do.
     */
    private static void startLog(ServerConfigFile file) {
        try {
            ServerConfigLoader.LogSettings log = file.log();
            Logging.configure(log.format(), log.file());
            log.file().ifPresent(f -> System.out.println("openwinrm: logging to " + f + " (" + log.format().text()
                    + "; SIGHUP reopens it)"));
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        } catch (java.io.IOException e) {
            throw new CliException(ExitCodes.CONFIG, "cannot open the log file: " + e.getMessage());
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> Logging.reopen());
        } catch (IllegalArgumentException e) {
            // -Xrs, or a JVM that reserves SIGHUP: the file is then reopened only at restart
        }
    }

    /**
     * On Java 17-20 the JDK launches a child through the jspawnhelper program (posix_spawn, ~1 ms per command here);
     * vfork takes a quarter of that. Later JDKs dropped the vfork mode, so this applies only where it exists and
     * only if the operator did not choose a mechanism.
     */
    private static void fastProcessLaunch() {
        if (Runtime.version().feature() < 21 && System.getProperty("jdk.lang.Process.launchMechanism") == null) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
    }

    /** Whether to run as monitor + network service: as root, unless the configuration turns it off. */
    private static boolean separated(SecuritySettings security) {
        String mode = security.privilegeSeparation();
        if (mode.equals("on") && !isRoot()) {
            throw new CliException(ExitCodes.CONFIG, "[security] privilege_separation = \"on\" needs root");
        }
        return isRoot() && !mode.equals("off");
    }

    /** PAM for Basic when {@code [accounts] password_source} asks for it and the server runs as root. */
    static Optional<PasswordAuthenticator> systemPasswords(ServerConfig config) {
        PasswordSource source = config.auth().passwordSource();
        if (!source.usesPam() || !isRoot() || !PamPasswordAuthenticator.available()) {
            if (source == PasswordSource.PAM) {
                throw new CliException(ExitCodes.CONFIG, "accounts.password_source = \"pam\" needs the server to run "
                        + "as root with libpam");
            }
            return Optional.empty();
        }
        System.out.println("openwinrm: Basic passwords are checked through PAM (service "
                + PamPasswordAuthenticator.SERVICE + ")" + (source.usesStore() ? ", then the account store" : ""));
        return Optional.of(new PamPasswordAuthenticator());
    }

    private static boolean isRoot() {
        return io.openwinrm.common.ProcessUser.isRoot();
    }

    /** The listener overrides, for the network service. */
    private List<String> childArgs() {
        List<String> args = new ArrayList<>();
        if (bind != null) {
            args.addAll(List.of("--bind", bind));
        }
        if (httpPort != null) {
            args.addAll(List.of("--http-port", httpPort.toString()));
        }
        if (httpsPort != null) {
            args.addAll(List.of("--https-port", httpsPort.toString()));
        }
        return args;
    }

    private ServerConfig overrides(ServerConfig c) {
        if (bind == null && httpPort == null && httpsPort == null) {
            return c;
        }
        List<ListenerSettings> out = new ArrayList<>();
        boolean sawHttp = false;
        boolean sawHttps = false;
        for (ListenerSettings l : c.listeners()) {
            Integer port = l.https() ? httpsPort : httpPort;
            sawHttp |= !l.https();
            sawHttps |= l.https();
            if (port != null && port < 0) {
                continue;
            }
            out.add(new ListenerSettings(l.name(), bind != null ? bind : l.address(), port != null ? port : l.port(),
                    l.https(), l.allowUnencrypted(), l.ipFilter()));
        }
        String address = bind != null ? bind : "0.0.0.0";
        // a listener added on the command line gets the configured IPv4Filter / IPv6Filter ([service])
        IpFilter filter = c.listeners().get(0).ipFilter();
        if (!sawHttps && httpsPort != null && httpsPort >= 0) {
            out.add(new ListenerSettings("https", address, httpsPort, true, false, filter));
        }
        if (!sawHttp && httpPort != null && httpPort >= 0) {
            out.add(new ListenerSettings("http", address, httpPort, false, false, filter));
        }
        if (out.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no listener left to start");
        }
        for (ListenerSettings l : out) {
            if (l.port() > 65535) {
                throw new CliException(ExitCodes.USAGE, "port out of range: " + l.port());
            }
        }
        return c.withListeners(out);
    }
}
