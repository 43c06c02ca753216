package io.openwinrm.cli.endpoint;

import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.policy.restrict.InvalidRoleFileException;
import io.openwinrm.policy.restrict.RoleCapability;
import io.openwinrm.policy.restrict.RoleCapabilityFile;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints registered under a state directory: {@code endpoints/NAME.toml}, with role capabilities in
 * {@code roles/NAME.toml}. Without an {@code endpoints} directory the built-in endpoints ({@code cmd} and
 * {@code login}, administrators only) apply; with one, exactly its files do.
 *
 * <p>As a running server's {@link EndpointRegistry} it notices changes without a restart: at most once a second it
 * compares the files' names, sizes and modification times and reloads when they changed. A set that fails to load is
 * logged and the last good one stays in force, so a bad edit never takes the server's endpoints away; shells keep the
 * endpoint they were created with in any case. Thread-safe.
 */
public final class EndpointDirectory implements EndpointRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointDirectory.class);
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path home;
    private final Path endpoints;
    private final Path roles;
    private EndpointRegistry current; // guarded by this
    private String fingerprint;       // guarded by this
    private long checkedNanos;        // guarded by this

    private EndpointDirectory(Path home, EndpointRegistry initial, String fingerprint) {
        this.home = home;
        this.endpoints = endpointsDir(home);
        this.roles = rolesDir(home);
        this.current = initial;
        this.fingerprint = fingerprint;
        this.checkedNanos = System.nanoTime();
    }

    public static Path endpointsDir(Path home) {
        return home.resolve("endpoints");
    }

    public static Path rolesDir(Path home) {
        return home.resolve("roles");
    }

    /**
     * Loads the endpoints of {@code home} for a running server.
     *
     * @throws ConfigException if they cannot be loaded (the server must not start with endpoints it cannot read)
     */
    public static EndpointDirectory open(Path home) throws ConfigException {
        String print = fingerprint(endpointsDir(home), rolesDir(home));
        return new EndpointDirectory(home, EndpointRegistry.of(load(home)), print);
    }

    /**
     * Every endpoint of {@code home}, validated (the {@code config check} and {@code endpoint} commands).
     *
     * @throws ConfigException naming the file and key of the first problem
     */
    public static List<Endpoint> load(Path home) throws ConfigException {
        Path dir = endpointsDir(home);
        if (!Files.isDirectory(dir)) {
            return List.of(Endpoint.defaultShell(), Endpoint.defaultLogin());
        }
        TreeMap<String, Endpoint> byName = new TreeMap<>();
        for (Path file : files(dir)) {
            String name = file.getFileName().toString();
            name = name.substring(0, name.length() - ".toml".length());
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(file + ": cannot read: " + e.getMessage());
            }
            byName.put(name, EndpointFile.parse(name, text, file.toString(), home, r -> role(home, r)));
        }
        List<Endpoint> all = new ArrayList<>(byName.values());
        try {
            EndpointRegistry.of(all); // duplicate URIs
        } catch (IllegalArgumentException e) {
            throw new ConfigException(dir + ": " + e.getMessage());
        }
        return all;
    }

    /** Loads {@code roles/NAME.toml}. */
    public static RoleCapability role(Path home, String name) throws ConfigException {
        if (!Endpoint.validName(name)) {
            throw new ConfigException("'" + name + "' is not a valid role name");
        }
        Path file = rolesDir(home).resolve(name + ".toml");
        try {
            return RoleCapabilityFile.parse(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": role capability file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        } catch (InvalidRoleFileException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    @Override
    public Optional<Endpoint> find(String resourceUri) {
        return refreshed().find(resourceUri);
    }

    @Override
    public List<Endpoint> all() {
        return refreshed().all();
    }

    private synchronized EndpointRegistry refreshed() {
        long now = System.nanoTime();
        if (now - checkedNanos < CHECK_INTERVAL_NANOS) {
            return current;
        }
        checkedNanos = now;
        String print = fingerprint(endpoints, roles);
        if (!print.equals(fingerprint)) {
            fingerprint = print;
            try {
                current = EndpointRegistry.of(load(home));
                LOG.info("endpoints reloaded: {}", current.all().stream().map(Endpoint::name).toList());
            } catch (ConfigException e) {
                LOG.error("endpoints not reloaded, the previous ones stay in force: {}", e.getMessage());
            }
        }
        return current;
    }

    private static List<Path> files(Path dir) throws ConfigException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.toml")) {
            s.forEach(out::add);
        } catch (IOException e) {
            throw new ConfigException(dir + ": cannot list: " + e.getMessage());
        }
        out.sort(null);
        return out;
    }

    /** Names, sizes and modification times of both directories' files. */
    private static String fingerprint(Path... dirs) {
        StringBuilder b = new StringBuilder();
        for (Path dir : dirs) {
            b.append(dir).append(Files.isDirectory(dir)).append(';');
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.toml")) {
                List<Path> files = new ArrayList<>();
                s.forEach(files::add);
                files.sort(null);
                for (Path f : files) {
                    FileTime t = Files.getLastModifiedTime(f);
                    b.append(f.getFileName()).append(':').append(Files.size(f)).append(':').append(t.toMillis())
                            .append(';');
                }
            } catch (IOException e) {
                b.append("unreadable;");
            }
        }
        return b.toString();
    }
}
