package io.openwinrm.testkit;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmFaultException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code openwinrm serve} (class {@code io.openwinrm.cli.Main}, which must be on the class path) in a JVM of
 * its own, on a state directory the caller prepared (configuration, accounts, TLS material), with HTTP and HTTPS on
 * ephemeral ports — as root, the privilege-separated server (a root monitor and an unprivileged network service).
 * {@link TestServer}'s second backend and the attack tests' target. Everything it prints is appended to
 * {@code HOME/serve.log} (a file, not a pipe: the network service shares it and must still be heard when the monitor
 * is gone, and the JDK closes a dead child's pipe). The state is read the way an outside observer reads it: open
 * shells through Enumerate as the test account, running commands as the monitor's children that are neither a shell
 * supervisor nor the network service.
 */
public final class ServeProcess implements AutoCloseable {

    private static final long START_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Process process;
    private final Path log;
    private final URI https;
    private final URI http;

    private ServeProcess(Process process, Path log, URI https, URI http) {
        this.process = process;
        this.log = log;
        this.https = https;
        this.http = http;
    }

    /** Starts {@code serve} on {@code home}, listening on {@code bind}. */
    public static ServeProcess start(Path home, String bind) throws IOException {
        return start(home, bind, List.of());
    }

    /**
     * Starts {@code serve} on {@code home} with extra JVM options (a small heap for the memory attacks); again on the
     * same directory after a crash or a stop, to test a restart (the log is appended to).
     */
    public static ServeProcess start(Path home, String bind, List<String> jvmOptions) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("--enable-native-access=ALL-UNNAMED");
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.openwinrm.cli.Main", "serve",
                "--home", home.toString(), "--bind", bind, "--http-port", "0", "--https-port", "0"));
        Path log = home.resolve("serve.log");
        int offset = read(log).length();
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        p.getOutputStream().close();
        URI[] urls = new URI[2];
        long deadline = System.nanoTime() + START_NANOS;
        try {
            while (urls[0] == null || urls[1] == null) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("openwinrm serve did not start:\n" + read(log).substring(offset));
                }
                Thread.sleep(50);
                for (String line : read(log).substring(offset).split("\n")) {
                    if (line.contains("listening on ")) {
                        String url = line.substring(line.lastIndexOf(' ') + 1);
                        urls[url.startsWith("https:") ? 0 : 1] = URI.create(url);
                    }
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while openwinrm serve started", e);
        }
        return new ServeProcess(p, log, urls[0], urls[1]);
    }

    public URI https() {
        return https;
    }

    public URI http() {
        return http;
    }

    /** The server process (under privilege separation: the monitor). */
    public long pid() {
        return process.pid();
    }

    /**
     * The process that reads network bytes: under privilege separation the network service, a child of the monitor
     * running as the service account; otherwise the server itself.
     */
    public long networkPid() {
        return process.toHandle().children().filter(c -> c.info().user().orElse("").equals("openwinrm"))
                .map(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. Waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Open shells of {@code user}, as Enumerate shows them to that user; none when the user is not admitted at all
     * (an account the server cannot run commands as).
     */
    int shellCount(String user, String password, Path caPem) {
        WinRmClient client = WinRmClient.builder().credentials(Credentials.basic(user, password.toCharArray()))
                .trustCertificates(caPem).build();
        try {
            return client.listShells(Endpoint.parse(https.toString(), false)).size();
        } catch (WinRmFaultException e) {
            if (e.fault().wsmanCode().orElse(0) == ACCESS_DENIED) {
                return 0;
            }
            throw e;
        }
    }

    private static final long ACCESS_DENIED = 5;

    /** Commands still running: the monitor's children that are neither a supervisor nor the network service. */
    int liveProcessCount() {
        return (int) process.toHandle().children()
                .filter(ProcessHandle::isAlive)
                .filter(c -> !c.info().commandLine().orElse("").contains(" supervisor "))
                .filter(c -> !c.info().user().orElse("").equals("openwinrm"))
                .filter(c -> !zombie(c.pid()))
                .count();
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException gone) {
            return true;
        }
    }

    /** Everything the servers started on this directory printed so far. */
    public String log() {
        return read(log);
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
