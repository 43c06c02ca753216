package io.openwinrm.attack;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.testkit.ServeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real {@code openwinrm serve} ({@link ServeProcess}) on a state directory of its own that this fixture fills
 * (configuration, accounts, files), listening on 127.0.0.1, with optional JVM flags (a small heap for the memory
 * attacks). Everything it prints goes to {@link #log()}. {@link #kill()} sends SIGKILL, as
 * a crash or the OOM killer would; {@link #close()} stops it with SIGTERM and deletes the state directory.
 */
final class ServerProcess implements AutoCloseable {

    private final Path home;
    private final ServeProcess serve;

    private ServerProcess(Path home, ServeProcess serve) {
        this.home = home;
        this.serve = serve;
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
                return new ServerProcess(home, ServeProcess.start(home, "127.0.0.1", jvmOptions));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    URI http() {
        return serve.http();
    }

    URI https() {
        return serve.https();
    }

    /** The server process (under privilege separation: the monitor). */
    long pid() {
        return serve.pid();
    }

    /** The process that reads network bytes (under privilege separation: the network service). */
    long networkPid() {
        return serve.networkPid();
    }

    Path home() {
        return home;
    }

    boolean isAlive() {
        return serve.isAlive();
    }

    /** Everything the server printed so far (every start on this directory). */
    String log() {
        return serve.log();
    }

    /** SIGKILL, as a crash would: no shutdown hook runs. Waits until the process is gone. */
    void kill() throws InterruptedException {
        serve.kill();
    }

    @Override
    public void close() {
        serve.close();
        deleteTree(home);
    }

    static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary directory: best effort
        }
    }
}
