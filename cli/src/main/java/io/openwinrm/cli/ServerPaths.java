package io.openwinrm.cli;

import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.config.ServerConfigLoader;
import io.openwinrm.server.config.ServerConfig;
import java.nio.file.Path;

/** Where the server's files are for a state directory, honouring the configuration file when there is one. */
final class ServerPaths {

    private ServerPaths() {
    }

    static ServerConfig config(StateDirectory dir, Path configFile) {
        try {
            return ServerConfigLoader.load(configFile != null ? configFile : dir.configFile(), dir.root());
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
    }

    /** The configuration file in use: {@code --config}, else {@code HOME/openwinrm.toml} (which may not exist). */
    static Path configFile(StateDirectory dir, Path configFile) {
        return configFile != null ? configFile : dir.configFile();
    }

    static Path accountsFile(StateDirectory dir) {
        return config(dir, null).accountsFile();
    }
}
