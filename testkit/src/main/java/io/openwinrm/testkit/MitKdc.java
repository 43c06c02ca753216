package io.openwinrm.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway MIT Kerberos KDC (Debian {@code krb5-kdc}, with {@code kadmin.local} from {@code krb5-admin-server};
 * kadmind itself is not used) for one test run: its own {@code krb5.conf}, {@code kdc.conf} and database in a
 * temporary directory, listening on a free 127.0.0.1 port (UDP and TCP), stopped by its PID. Principals and keytabs
 * are made with {@code kadmin.local}; {@link #environment()} is what a client process (kinit, pywinrm, our CLI) needs
 * to use it, and {@link #krb5Conf()} is what a JVM gets as {@code java.security.krb5.conf}. Keys are AES-256,
 * AES-128 and RC4-HMAC, in that order of preference, so that a client can be made to ask for an RC4 session key
 * (which OpenWinRM must refuse); nothing picks RC4 unless asked to.
 */
public final class MitKdc implements AutoCloseable {

    private static final String MASTER_PASSWORD = "kdc-master-password-for-tests";

    private final Path dir;
    private final String realm;
    private final int port;
    private final Process kdc;

    private MitKdc(Path dir, String realm, int port, Process kdc) {
        this.dir = dir;
        this.realm = realm;
        this.port = port;
        this.kdc = kdc;
    }

    private static MitKdc shared;

    /**
     * One KDC for the whole JVM, started on first use and stopped when the JVM exits: the JDK reads krb5.conf once,
     * so every Kerberos test of one JVM must use the same realm, KDC and configuration file.
     */
    public static synchronized MitKdc shared(String realm) throws IOException {
        if (shared == null) {
            MitKdc kdc = start(realm);
            System.setProperty("java.security.krb5.conf", kdc.krb5Conf().toString());
            Runtime.getRuntime().addShutdownHook(new Thread(kdc::close, "kdc-stop"));
            shared = kdc;
        }
        if (!shared.realm.equals(realm)) {
            throw new IllegalStateException("the shared KDC serves " + shared.realm + ", not " + realm);
        }
        return shared;
    }

    /** Whether the MIT KDC programs are installed. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/krb5kdc")) && Files.isExecutable(Path.of("/usr/sbin/kdb5_util"))
                && Files.isExecutable(Path.of("/usr/sbin/kadmin.local"));
    }

    /** Creates the realm's database and starts the KDC. */
    public static MitKdc start(String realm) throws IOException {
        Path dir = Files.createTempDirectory("openwinrm-kdc-");
        int port = freePort();
        Files.writeString(dir.resolve("krb5.conf"), """
                [libdefaults]
                    default_realm = %1$s
                    dns_lookup_kdc = false
                    dns_lookup_realm = false
                    rdns = false
                    dns_canonicalize_hostname = false
                    ignore_acceptor_hostname = false
                    udp_preference_limit = 1
                    forwardable = true
                    clockskew = 10
                    permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96 rc4-hmac
                    allow_rc4 = true
                [realms]
                    %1$s = {
                        kdc = 127.0.0.1:%2$d
                    }
                [domain_realm]
                    localhost = %1$s
                    .test = %1$s
                """.formatted(realm, port), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("kdc.conf"), """
                [kdcdefaults]
                    kdc_listen = 127.0.0.1:%2$d
                    kdc_tcp_listen = 127.0.0.1:%2$d
                [realms]
                    %1$s = {
                        database_name = %3$s/principal
                        key_stash_file = %3$s/stash
                        acl_file = %3$s/kadm5.acl
                        max_life = 10h
                        max_renewable_life = 7d
                        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal rc4-hmac:normal
                    }
                [logging]
                    kdc = FILE:%3$s/kdc.log
                """.formatted(realm, port, dir), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("kadm5.acl"), "");
        MitKdc partial = new MitKdc(dir, realm, port, null);
        partial.run("/usr/sbin/kdb5_util", "create", "-s", "-r", realm, "-P", MASTER_PASSWORD);
        ProcessBuilder pb = new ProcessBuilder("/usr/sbin/krb5kdc", "-n", "-r", realm).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("krb5kdc.out").toFile());
        pb.environment().putAll(partial.environment());
        Process p = pb.start();
        MitKdc kdc = new MitKdc(dir, realm, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!listening(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                kdc.close();
                throw new IOException("krb5kdc did not start: " + Files.readString(dir.resolve("krb5kdc.out")));
            }
            sleep(20);
        }
        return kdc;
    }


    public String realm() {
        return realm;
    }

    public int port() {
        return port;
    }

    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    /** The directory of this KDC's files, a good place for test keytabs and caches. */
    public Path directory() {
        return dir;
    }

    /** {@code KRB5_CONFIG} and {@code KRB5_KDC_PROFILE} for programs that use this realm. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("KRB5_CONFIG", dir.resolve("krb5.conf").toString());
        env.put("KRB5_KDC_PROFILE", dir.resolve("kdc.conf").toString());
        return env;
    }

    /** A user principal {@code name@REALM} with {@code password}; {@code options} are addprinc's, e.g. -allow_forwardable. */
    public void addUser(String name, String password, String... options) throws IOException {
        List<String> q = new ArrayList<>(List.of("addprinc", "-pw", password));
        q.addAll(List.of(options));
        q.add(name);
        kadmin(String.join(" ", q));
    }

    /** A service principal (random key) written to {@code keytab}; returns the keytab. */
    public Path addService(String principal, Path keytab) throws IOException {
        kadmin("addprinc -randkey " + principal);
        kadmin("ktadd -k " + keytab + " " + principal);
        return keytab;
    }

    /** Runs one {@code kadmin.local} query. */
    public void kadmin(String query) throws IOException {
        run("/usr/sbin/kadmin.local", "-r", realm, "-q", query);
    }

    /** {@code kinit} with a password into the credential cache {@code cache}. */
    public void kinit(String principal, String password, Path cache, String... options) throws IOException {
        List<String> argv = new ArrayList<>(List.of("kinit", "-c", "FILE:" + cache));
        argv.addAll(List.of(options));
        argv.add(principal);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(environment());
        Process p = pb.start();
        p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (waitFor(p) != 0) {
            throw new IOException("kinit " + principal + " failed: " + out);
        }
    }

    /** {@code kvno}: fetches a service ticket for {@code service} into {@code cache} now, with the real clock. */
    public void kvno(Path cache, String service) throws IOException {
        run("kvno", "-c", "FILE:" + cache, service);
    }

    private void run(String... argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(environment());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (waitFor(p) != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
    }

    private static int waitFor(Process p) throws IOException {
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + p.info().commandLine().orElse("?"));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (kdc != null) {
            kdc.destroy();
            try {
                if (!kdc.waitFor(10, TimeUnit.SECONDS)) {
                    kdc.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
