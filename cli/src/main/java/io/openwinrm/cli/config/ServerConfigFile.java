package io.openwinrm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One reading of the server's configuration file ({@code HOME/openwinrm.toml} or {@code --config}): read and parsed
 * once, every key of every section checked, and each section the server needs taken from that one parse. A server
 * starts from one snapshot, so its listeners, security mode, log and metrics settings can never come from two
 * versions of a file edited while it starts. An absent file is the embedded defaults.
 */
public final class ServerConfigFile {

    private final String origin;
    private final JsonNode root;
    private final Path home;
    private final ServerConfig server;

    private ServerConfigFile(String origin, JsonNode root, Path home, ServerConfig server) {
        this.origin = origin;
        this.root = root;
        this.home = home;
        this.server = server;
    }

    /**
     * Reads {@code file} (the defaults when it does not exist) for the state directory {@code home}.
     *
     * @throws ConfigException when it cannot be read, is not TOML, or any key is unknown or invalid
     */
    public static ServerConfigFile read(Path file, Path home) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            text = "";
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return of(text, file.toString(), home);
    }

    /** Configuration text; {@code origin} names it in errors. */
    public static ServerConfigFile of(String text, String origin, Path home) throws ConfigException {
        JsonNode root = ServerConfigLoader.tree(text, origin);
        return new ServerConfigFile(origin, root, home, ServerConfigLoader.parse(root, origin, home));
    }

    /** The server's settings: listeners, quotas, authentication, TLS material. */
    public ServerConfig server() {
        return server;
    }

    /** {@code [security]}: isolation, audit log, hidden processes, privilege separation. */
    public SecuritySettings security() throws ConfigException {
        return ServerConfigLoader.security(root, origin, home);
    }

    /** {@code [log]}: format and file. */
    public ServerConfigLoader.LogSettings log() throws ConfigException {
        return ServerConfigLoader.log(root, origin, home);
    }

    /** {@code [metrics] listen}, checked against {@code listeners} (the WinRM listeners actually used). */
    public Optional<InetSocketAddress> metrics(List<ListenerSettings> listeners) throws ConfigException {
        return ServerConfigLoader.metrics(root, origin, listeners);
    }
}
