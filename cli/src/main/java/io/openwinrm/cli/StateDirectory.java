package io.openwinrm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.IOException;

/**
 * The directory that holds all OpenWinRM state on a host: the configuration file, the account store, TLS material
 * and the client settings. Chosen by {@code --home DIR}; otherwise {@code /etc/openwinrm} when running as root and
 * {@code ~/.openwinrm} for anyone else.
 */
public record StateDirectory(Path root) {

    public static final String CONFIG_FILE = "openwinrm.toml";
    public static final String ACCOUNTS_FILE = "accounts";
    public static final String TLS_DIR = "tls";
    public static final String CLIENT_FILE = "client.toml";

    /** Resolves {@code --home} (may be null) to the state directory. */
    public static StateDirectory resolve(Path home) {
        if (home != null) {
            return new StateDirectory(home.toAbsolutePath().normalize());
        }
        String env = System.getenv("OPENWINRM_HOME");
        if (env != null && !env.isBlank()) {
            return new StateDirectory(Path.of(env).toAbsolutePath().normalize());
        }
        if (io.openwinrm.common.ProcessUser.isRoot()) {
            return new StateDirectory(Path.of("/etc/openwinrm"));
        }
        return new StateDirectory(Path.of(System.getProperty("user.home"), ".openwinrm"));
    }

    public Path configFile() {
        return root.resolve(CONFIG_FILE);
    }

    public Path accountsFile() {
        return root.resolve(ACCOUNTS_FILE);
    }

    public Path tlsDirectory() {
        return root.resolve(TLS_DIR);
    }

    public Path clientFile() {
        return root.resolve(CLIENT_FILE);
    }

    /** Creates the directory (mode 0700 where POSIX permissions exist) if it does not exist yet. */
    public Path ensureExists() throws IOException {
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            try {
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: nothing to tighten
            }
        }
        return root;
    }
}
