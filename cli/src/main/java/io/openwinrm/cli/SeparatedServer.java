package io.openwinrm.cli;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.auth.credssp.CredSspMechanismFactory;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.os.AccountPermissions;
import io.openwinrm.os.LocalProcessLauncher;
import io.openwinrm.os.PosixAccounts;
import io.openwinrm.os.ServerInstance;
import io.openwinrm.os.ipc.UnixSocket;
import io.openwinrm.privsep.monitor.Monitor;
import io.openwinrm.server.ServerParts;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.audit.JsonLinesAuditLog;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.identity.OsIdentity;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code openwinrm serve} as root with privilege separation: this process becomes the monitor (it keeps root, the
 * account store and every decision about identities) and starts the network service — the process that parses
 * network bytes — as the unprivileged service account {@value #SERVICE_ACCOUNT} through setpriv(1) with no
 * capabilities, an empty bounding set and {@code no_new_privs}. They talk over a unix socket the monitor listens on
 * in a root-owned directory; only the child it started (checked by SO_PEERCRED) is served. If either dies, both
 * stop, and every process of every shell is killed (the shells' supervisors see to that).
 */
final class SeparatedServer {

    /** The unprivileged account the network service runs as (Windows' Network Service). */
    static final String SERVICE_ACCOUNT = io.openwinrm.cli.setup.EnablePlan.SERVICE_ACCOUNT;
    private static final Path RUNTIME = Path.of("/run/openwinrm");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private SeparatedServer() {
    }

    /**
     * Runs until the network service or the monitor connection ends.
     *
     * @param home          the state directory
     * @param configFile    the configuration file (may not exist: defaults)
     * @param childArgs     the listener overrides to pass on ({@code --bind}, ports)
     */
    static int run(StateDirectory home, Path configFile, ServerConfig config, AccountStore accounts,
                   AccessControl access, ServerInstance instance, List<String> childArgs) throws Exception {
        List<String> main = new ArrayList<>(List.of(Main.class.getName(), "serve", "--network-service"));
        return run(home, configFile, config, accounts, access, instance, main, childArgs);
    }

    /**
     * As {@link #run(StateDirectory, Path, ServerConfig, AccountStore, AccessControl, ServerInstance, List)} with
     * another program as the network side ({@code main}: a class and its first arguments; it is given
     * {@code --monitor-socket PATH --home DIR} and {@code childArgs}): how a test plays a compromised network service.
     */
    static int run(StateDirectory home, Path configFile, ServerConfig config, AccountStore accounts,
                   AccessControl access, ServerInstance instance, List<String> main, List<String> childArgs)
            throws Exception {
        OsIdentity service = serviceAccount();
        Path runtime = RUNTIME.resolve("privsep-" + instance.tag());
        Files.createDirectories(runtime);
        chmod(RUNTIME, 0755);
        chmod(runtime, 0711);
        Path networkHome = runtime.resolve("network");
        deleteTree(networkHome);
        Files.createDirectory(networkHome);
        chown(networkHome, service);
        chmod(networkHome, 0700);
        String classPath = readableClassPath(service, runtime);
        byte[] nonce = new byte[8];
        new SecureRandom().nextBytes(nonce);
        Path socketPath = runtime.resolve("monitor-" + HexFormat.of().formatHex(nonce) + ".sock");
        UnixSocket socket;
        Process child;
        try (UnixSocket.Listener listener = UnixSocket.listen(socketPath)) {
            chown(socketPath, service);
            chmod(socketPath, 0600);
            List<String> command = new ArrayList<>(main);
            command.addAll(List.of("--monitor-socket", socketPath.toString(), "--home", networkHome.toString()));
            command.addAll(childArgs);
            child = startChild(service, networkHome, classPath, command);
            socket = acceptChild(listener, child, service);
        } finally {
            Files.deleteIfExists(socketPath);
        }
        System.out.println("openwinrm: privilege separation: the monitor runs as root (pid "
                + ProcessHandle.current().pid() + "); the network service runs as " + SERVICE_ACCOUNT + " (pid "
                + child.pid() + ")");
        LocalProcessLauncher launcher = LocalProcessLauncher.exporting(instance);
        ServerParts local = ServerParts.local(config, launcher, accounts, access, ServeCommand.systemPasswords(config));
        // CredSSP: the network side runs the inner TLS, the monitor the TSRequests inside it (NTLM, password)
        List<AuthMechanismFactory> judged = local.mechanisms().stream()
                .map(f -> f instanceof CredSspMechanismFactory c ? c.requests() : f).toList();
        Monitor monitor = new Monitor(socket, new Monitor.Setup(judged, local.certificates(),
                clientCas(config), access, (JsonLinesAuditLog) access.audit(), launcher,
                () -> networkFiles(home, configFile, config), config.authThrottle()));
        Process network = child;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            network.destroy();
            try {
                network.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.close();
        }, "shutdown"));
        List<Path> credentialFiles = config.auth().certificate()
                ? List.of(config.accountsFile(), config.auth().certificateMap()) : List.of(config.accountsFile());
        Thread watcher = new Thread(() -> watchConfiguration(home, credentialFiles, monitor), "config-watch");
        watcher.setDaemon(true);
        watcher.start();
        Thread ender = new Thread(() -> {
            try {
                int code = network.waitFor();
                System.out.println("openwinrm: the network service exited (" + code + "): stopping");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.close();
        }, "network-watch");
        ender.setDaemon(true);
        ender.start();
        try {
            monitor.run();
        } finally {
            watcher.interrupt(); // it must not outlive this server (a test runs several in one JVM)
        }
        network.destroy();
        System.out.println("openwinrm: every shell is closed; the monitor stops");
        return ExitCodes.INTERNAL;
    }

    /** The service account, created (a system account with no login) if it does not exist yet. */
    static OsIdentity serviceAccount() throws IOException {
        PosixAccounts accounts = new PosixAccounts();
        Optional<OsIdentity> found = accounts.find(SERVICE_ACCOUNT);
        if (found.isPresent()) {
            return found.get();
        }
        Process p = new ProcessBuilder("/usr/sbin/useradd", "--system", "--no-create-home", "--home-dir",
                "/nonexistent", "--shell", "/usr/sbin/nologin", "--user-group", "--comment",
                "OpenWinRM network service", SERVICE_ACCOUNT).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0 && accounts.find(SERVICE_ACCOUNT).isEmpty()) {
                throw new CliException(ExitCodes.CONFIG, "cannot create the service account " + SERVICE_ACCOUNT
                        + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        System.out.println("openwinrm: created the system account " + SERVICE_ACCOUNT + " for the network service");
        return new PosixAccounts().find(SERVICE_ACCOUNT).orElseThrow(() -> new IOException("useradd made no "
                + SERVICE_ACCOUNT));
    }

    private static Process startChild(OsIdentity service, Path networkHome, String classPath, List<String> command)
            throws IOException {
        if (!Files.isExecutable(SETPRIV)) {
            throw new CliException(ExitCodes.CONFIG, SETPRIV + " is missing (util-linux): privilege separation "
                    + "needs it");
        }
        List<String> argv = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + service.uid(),
                "--regid=" + service.gid(), "--clear-groups", "--no-new-privs", "--inh-caps=-all",
                "--bounding-set=-all", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent")
                    && !option.startsWith("-Djava.class.path")) {
                argv.add(option);
            }
        }
        argv.addAll(List.of("-cp", classPath));
        argv.addAll(command);
        // the child's log (stderr) goes through this process's log, which may be a file only root can open
        ProcessBuilder builder = new ProcessBuilder(argv).directory(networkHome.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().put("HOME", networkHome.toString());
        Process child = builder.start();
        relayLog(child.getErrorStream());
        return child;
    }

    /** Lines of the network service's log into ours, each cut at 64 KiB (a child cannot make us buffer more). */
    private static void relayLog(java.io.InputStream in) {
        Thread t = new Thread(() -> {
            byte[] line = new byte[64 * 1024];
            int n = 0;
            try (in) {
                int b;
                while ((b = in.read()) >= 0) {
                    if (b == '\n') {
                        io.openwinrm.cli.logging.Logging.relay(new String(line, 0, n, StandardCharsets.UTF_8));
                        n = 0;
                    } else if (n < line.length) {
                        line[n++] = (byte) b;
                    }
                }
                if (n > 0) {
                    io.openwinrm.cli.logging.Logging.relay(new String(line, 0, n, StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException e) {
                // the child is gone
            }
        }, "network-service-log");
        t.setDaemon(true);
        t.start();
    }

    /** Accepts the child's connection; anyone else who connects (by pid and uid) is turned away. */
    private static UnixSocket acceptChild(UnixSocket.Listener listener, Process child, OsIdentity service)
            throws Exception {
        ExecutorService accepting = Executors.newSingleThreadExecutor();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                Future<UnixSocket> next = accepting.submit(listener::accept);
                UnixSocket s;
                try {
                    s = next.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    child.destroyForcibly();
                    throw new CliException(ExitCodes.INTERNAL, "the network service did not connect to the monitor");
                }
                UnixSocket.PeerCredentials peer = s.peer();
                if (peer.pid() == child.pid() && peer.uid() == service.uid()) {
                    return s;
                }
                System.out.println("openwinrm: monitor: refused a connection from pid " + peer.pid() + " uid "
                        + peer.uid());
                s.close();
            }
        } finally {
            accepting.shutdownNow();
        }
    }

    /**
     * The class path as the service account can read it: entries it cannot read (a build under {@code /root}) are
     * copied into a root-owned, world-readable directory next to the socket.
     */
    private static String readableClassPath(OsIdentity service, Path runtime) throws IOException {
        List<String> out = new ArrayList<>();
        Path lib = runtime.resolve("lib");
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath();
            if (!Files.exists(p)) {
                continue; // the JVM ignores a missing entry too
            }
            if (readable(service, p)) {
                out.add(p.toString());
                continue;
            }
            Files.createDirectories(lib);
            chmod(lib, 0755);
            Path copy = lib.resolve((n++) + "-" + p.getFileName());
            copyTree(p, copy);
            out.add(copy.toString());
        }
        return String.join(File.pathSeparator, out);
    }

    private static boolean readable(OsIdentity service, Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return AccountPermissions.canRead(service, p);
        }
        if (!AccountPermissions.canEnter(service, p)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.allMatch(f -> Files.isDirectory(f) ? AccountPermissions.canEnter(service, f)
                    && AccountPermissions.canRead(service, f) : AccountPermissions.canRead(service, f));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        deleteTree(to);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    chmod(target, 0755);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    chmod(target, 0644);
                }
            }
        }
    }

    /** What the network side runs with: the configuration file, TLS material, client CAs, endpoints and roles. */
    private static Map<String, String> networkFiles(StateDirectory home, Path configFile, ServerConfig config) {
        Map<String, String> files = new LinkedHashMap<>();
        try {
            files.put(StateDirectory.CONFIG_FILE, Files.exists(configFile) ? Files.readString(configFile) : "");
            files.put("tls/server.crt", Files.readString(config.certificateFile()));
            files.put("tls/server.key", Files.readString(config.privateKeyFile()));
            if (config.auth().certificate()) {
                files.put("client-ca.pem", Files.readString(config.auth().clientCaFile()));
            }
            if (config.auth().credssp()) {
                // the network side runs CredSSP's inner TLS with it
                files.put("tls/credssp.crt", Files.readString(ServerParts.credSspCertificate(config)));
                files.put("tls/credssp.key", Files.readString(ServerParts.credSspPrivateKey(config)));
            }
            for (String dir : List.of("endpoints", "roles")) {
                Path d = home.root().resolve(dir);
                if (Files.isDirectory(d)) {
                    try (Stream<Path> list = Files.list(d)) {
                        for (Path f : list.filter(f -> f.getFileName().toString().endsWith(".toml")).sorted()
                                .toList()) {
                            files.put(dir + "/" + f.getFileName(), Files.readString(f));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return files;
    }

    /**
     * Sends the configuration again whenever an endpoint or role file changes, and says so when the account store or
     * the certificate mapping changes (the network side then forgets the verdicts it reuses); checked four times a
     * second.
     */
    private static void watchConfiguration(StateDirectory home, List<Path> credentialFiles, Monitor monitor) {
        String last = fingerprint(home);
        String lastAccounts = stamps(credentialFiles);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            try {
                String accounts = stamps(credentialFiles);
                if (!accounts.equals(lastAccounts)) {
                    lastAccounts = accounts;
                    monitor.credentialsChanged();
                }
                String now = fingerprint(home);
                if (!now.equals(last)) {
                    last = now;
                    monitor.sendConfig();
                }
            } catch (RuntimeException e) {
                // a file that vanished or cannot be read now: the network side keeps what it has; tried again
                System.err.println("openwinrm: cannot pass on a configuration change: " + e.getMessage());
            }
        }
    }

    /** What tells a changed file: inode, size, modification time (nanoseconds where the file system has them). */
    private static String stamps(List<Path> files) {
        StringBuilder b = new StringBuilder();
        for (Path file : files) {
            b.append(stamp(file)).append('\n');
        }
        return b.toString();
    }

    private static String stamp(Path file) {
        try {
            var a = Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class);
            return a.fileKey() + " " + a.size() + " " + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " "
                    + a.permissions();
        } catch (IOException e) {
            return "absent";
        }
    }

    private static String fingerprint(StateDirectory home) {
        StringBuilder b = new StringBuilder();
        for (String dir : List.of("endpoints", "roles")) {
            Path d = home.root().resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> list = Files.list(d)) {
                    for (Path f : list.sorted().toList()) {
                        b.append(f).append(Files.getLastModifiedTime(f)).append(Files.size(f)).append('\n');
                    }
                } catch (IOException e) {
                    b.append("?");
                }
            }
        }
        return b.toString();
    }

    private static List<X509Certificate> clientCas(ServerConfig config) throws IOException {
        if (!config.auth().certificate()) {
            return List.of();
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (var c : cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(
                    config.auth().clientCaFile())))) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException("cannot read the client CAs: " + e.getMessage(), e);
        }
    }

    private static void chown(Path p, OsIdentity owner) throws IOException {
        Files.setAttribute(p, "unix:uid", owner.uid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", owner.gid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private static void chmod(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
