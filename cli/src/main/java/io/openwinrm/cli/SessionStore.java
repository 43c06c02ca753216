package io.openwinrm.cli;

import io.openwinrm.common.AtomicFiles;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.openwinrm.client.Endpoint;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Session handles under {@code HOME/sessions/NAME.toml}:
 *
 * <pre>
 * name = "build"
 * endpoint = "https://host:5986/wsman"
 * shell_id = "0B4D6B1C-...-..."
 * commands = ["5A1F..."]
 * powershell = "Microsoft.PowerShell"   # only for a PSSession: the pool's configuration
 * </pre>
 *
 * Writes replace the file atomically; read-modify-write cycles of concurrent CLI processes are serialized with a
 * lock on {@code HOME/sessions/.lock}.
 */
final class SessionStore {

    private static final Set<String> KEYS = Set.of("name", "endpoint", "shell_id", "commands",
            "powershell");
    private static final String SUFFIX = ".toml";

    private final StateDirectory home;
    private final Path dir;

    SessionStore(StateDirectory home) {
        this.home = home;
        this.dir = home.root().resolve("sessions");
    }

    Path file(String name) {
        SessionHandle.requireValidName(name);
        return dir.resolve(name + SUFFIX);
    }

    /** The handle named {@code name}, or the usage error that names the missing file. */
    SessionHandle load(String name) {
        return find(name).orElseThrow(() -> new CliException(ExitCodes.USAGE, "no session named '" + name
                + "' (" + file(name) + "); create one with 'openwinrm session new " + name + " -c HOST'"));
    }

    Optional<SessionHandle> find(String name) {
        Path f = file(name);
        String text;
        try {
            text = Files.readString(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, f + ": cannot read: " + e.getMessage());
        }
        return Optional.of(parse(f, name, text));
    }

    /** Every readable handle, by name. */
    List<SessionHandle> list() {
        List<SessionHandle> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, dir + ": cannot list: " + e.getMessage());
        }
        files.sort(null);
        for (Path f : files) {
            String n = f.getFileName().toString();
            find(n.substring(0, n.length() - SUFFIX.length())).ifPresent(out::add);
        }
        return out;
    }

    /** Stores a new handle; fails if one of that name exists. */
    void create(SessionHandle handle) {
        locked(() -> {
            if (Files.exists(file(handle.name()))) {
                throw new CliException(ExitCodes.USAGE, "a session named '" + handle.name() + "' exists already");
            }
            write(handle);
            return null;
        });
    }

    /** Re-reads the handle, applies {@code change} and stores the result, under the lock. */
    SessionHandle update(String name, UnaryOperator<SessionHandle> change) {
        return locked(() -> {
            SessionHandle changed = change.apply(load(name));
            write(changed);
            return changed;
        });
    }

    void delete(String name) {
        locked(() -> {
            Files.deleteIfExists(file(name));
            return null;
        });
    }

    private SessionHandle parse(Path f, String expectedName, String text) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            throw new CliException(ExitCodes.CONFIG, f + ": not valid TOML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CliException(ExitCodes.CONFIG, f + ": empty session file");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new CliException(ExitCodes.CONFIG, f + ": unknown key '" + k + "'");
            }
        }
        String name = text(f, root, "name");
        if (!name.equals(expectedName)) {
            throw new CliException(ExitCodes.CONFIG, f + ": holds session '" + name + "', not '" + expectedName + "'");
        }
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(text(f, root, "endpoint"), false);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.CONFIG, f + ": bad 'endpoint': " + e.getMessage());
        }
        List<String> commands = new ArrayList<>();
        JsonNode list = root.get("commands");
        if (list != null) {
            if (!list.isArray()) {
                throw new CliException(ExitCodes.CONFIG, f + ": 'commands' must be a list of strings");
            }
            for (JsonNode n : list) {
                if (!n.isTextual() || n.asText().isBlank()) {
                    throw new CliException(ExitCodes.CONFIG, f + ": 'commands' must be a list of command ids");
                }
                commands.add(n.asText());
            }
        }
        String powerShell = root.has("powershell") ? text(f, root, "powershell") : null;
        return new SessionHandle(name, endpoint, text(f, root, "shell_id"), commands, powerShell);
    }

    private static String text(Path f, JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new CliException(ExitCodes.CONFIG, f + ": '" + key + "' is missing or not a string");
        }
        return n.asText();
    }

    private void write(SessionHandle h) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", h.name());
        doc.put("endpoint", h.endpoint().toString());
        doc.put("shell_id", h.shellId());
        doc.put("commands", h.commandIds());
        if (h.isPowerShell()) {
            doc.put("powershell", h.powerShell());
        }
        byte[] bytes = new TomlMapper().writeValueAsBytes(doc);
        AtomicFiles.write(file(h.name()), bytes, false);
    }

    /** A step that may fail with an I/O error. */
    private interface IoStep<T> {
        T run() throws IOException;
    }

    private <T> T locked(IoStep<T> step) {
        try {
            home.ensureExists();
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return step.run();
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, "cannot update " + dir + ": " + e.getMessage());
        }
    }
}
