package io.openwinrm.attack;

import io.openwinrm.auth.account.AccountStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code openwinrm serve} in a JVM of its own, started from this test's class path the way the service unit
 * starts it: its own state directory, HTTP and HTTPS listeners on 127.0.0.1 ephemeral ports, optional JVM flags (a
 * small heap for the memory attacks). Everything it prints goes to {@link #log()}. {@link #kill()} sends SIGKILL, as
 * a crash or the OOM killer would; {@link #close()} stops it with SIGTERM and deletes the state directory.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final Process process;
    private final Path log;
    private final URI http;
    private final URI https;

    private ServerProcess(Path home, Process process, Path log, URI http, URI https) {
        this.home = home;
        this.process = process;
        this.log = log;
        this.http = http;
        this.https = https;
    }

    /** A state directory (mode 0700) for {@link Builder#start()}. */
    static Builder builder() {
        try {
            Path home = Files.createTempDirectory("openwinrm-attack-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new Builder(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the server is started with. */
    static final class Builder {
        private final Path home;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> accounts = new LinkedHashMap<>();
        private String config = "";

        private Builder(Path home) {
            this.home = home;
        }

        Path home() {
            return home;
        }

        /** The text of {@code HOME/openwinrm.toml} (listeners are overridden to 127.0.0.1 ephemeral ports). */
        Builder config(String toml) {
            this.config = toml;
            return this;
        }

        Builder jvm(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** An account of the server's account store. */
        Builder account(String name, String password) {
            accounts.put(name, password);
            return this;
        }

        /** Writes {@code HOME/relative} (parents made, mode 0600). */
        Builder file(String relative, String text) {
            try {
                Path file = home.resolve(relative);
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** Starts a server on this state directory (again, after a crash or stop, to test a restart). */
        ServerProcess start() {
            try {
                Files.writeString(home.resolve("openwinrm.toml"), config, StandardCharsets.UTF_8);
                AccountStore store = AccountStore.load(home.resolve("accounts"));
                for (Map.Entry<String, String> a : accounts.entrySet()) {
                    if (store.account(a.getKey()).isEmpty()) {
                        store.add(a.getKey(), a.getValue().toCharArray());
                    }
                }
                List<String> argv = new ArrayList<>();
                argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                argv.addAll(jvmOptions);
                argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.openwinrm.cli.Main", "serve",
                        "--home", home.toString(), "--bind", "127.0.0.1", "--http-port", "0", "--https-port", "0"));
                // straight into a file, not a pipe: the network service of a privilege-separated server shares it,
                // and must still be heard when the monitor is gone (the JDK closes a dead child's pipe)
                Path log = home.resolve("server.log");
                int offset = read(log).length(); // a restart on the same directory appends
                Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                p.getOutputStream().close();
                URI[] urls = new URI[2];
                long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
                while (urls[0] == null || urls[1] == null) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        p.destroyForcibly();
                        throw new IllegalStateException("the server did not start:\n" + read(log));
                    }
                    Thread.sleep(50);
                    for (String line : read(log).substring(offset).split("\n")) {
                        int at = line.indexOf("listening on ");
                        if (at >= 0) {
                            String url = line.substring(line.lastIndexOf(' ') + 1);
                            urls[url.startsWith("https:") ? 1 : 0] = URI.create(url);
                        }
                    }
                }
                return new ServerProcess(home, p, log, urls[0], urls[1]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    URI http() {
        return http;
    }

    URI https() {
        return https;
    }

    /** The server process (under privilege separation: the monitor). */
    long pid() {
        return process.pid();
    }

    /**
     * The process that reads network bytes: under privilege separation the network service, a child of the monitor
     * running as the service account; otherwise the server itself.
     */
    long networkPid() {
        return ProcessHandle.of(process.pid()).stream().flatMap(ProcessHandle::children)
                .filter(c -> c.info().user().orElse("").equals("openwinrm")).map(ProcessHandle::pid).findFirst()
                .orElse(process.pid());
    }

    Path home() {
        return home;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the server printed so far. */
    String log() {
        return read(log);
    }

    /** SIGKILL, as a crash would: no shutdown hook runs. Waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
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
        deleteTree(home);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary directory: best effort
        }
    }
}
