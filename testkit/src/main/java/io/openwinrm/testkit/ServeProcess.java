package io.openwinrm.testkit;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmFaultException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link TestServer}'s second backend: the real {@code openwinrm serve} (class {@code io.openwinrm.cli.Main}, which
 * must be on the class path) in a process of its own, on a state directory the fixture prepared — as root, the
 * privilege-separated server (a root monitor and an unprivileged network service). The state is read the way an
 * outside observer reads it: open shells through Enumerate as the test account, running commands as the monitor's
 * children that are neither a shell supervisor nor the network service.
 */
final class ServeProcess implements AutoCloseable {

    private static final long START_SECONDS = 60;

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

    /** Starts {@code serve} on {@code home} (configuration, accounts and TLS material already there). */
    static ServeProcess start(Path home, String bind) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.openwinrm.cli.Main", "serve", "--home", home.toString(), "--bind", bind, "--http-port", "0",
                "--https-port", "0"));
        Path log = home.resolve("serve.log");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<URI[]> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, log, ready), "serve-log");
        pump.setDaemon(true);
        pump.start();
        try {
            URI[] urls = ready.get(START_SECONDS, TimeUnit.SECONDS);
            return new ServeProcess(p, log, urls[0], urls[1]);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("openwinrm serve did not start:\n" + read(log), e);
        }
    }

    private static void pump(Process p, Path log, CompletableFuture<URI[]> ready) {
        URI[] urls = new URI[2];
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                if (line.contains("listening on ")) {
                    String url = line.substring(line.lastIndexOf(' ') + 1);
                    urls[url.startsWith("https:") ? 0 : 1] = URI.create(url);
                    if (urls[0] != null && urls[1] != null) {
                        ready.complete(urls);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        ready.completeExceptionally(new IOException("the server exited"));
    }

    URI https() {
        return https;
    }

    URI http() {
        return http;
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

    String log() {
        return read(log);
    }

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
            throw new UncheckedIOException(e);
        }
    }
}
