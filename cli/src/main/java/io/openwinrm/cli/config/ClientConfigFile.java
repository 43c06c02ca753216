package io.openwinrm.cli.config;

import io.openwinrm.common.AtomicFiles;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.openwinrm.client.TrustedHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The client settings file ({@code HOME/client.toml}): the TrustedHosts list, PowerShell's
 * {@code WSMan:\localhost\Client\TrustedHosts}, and the hosts CredSSP may delegate the password to (the
 * AllowFreshCredentials policy of Windows clients), in the same pattern syntax.
 *
 * <pre>
 * trusted_hosts = ["*.lab.example", "10.0.0.*"]
 * allow_credssp = ["jump.lab.example"]
 * </pre>
 */
public final class ClientConfigFile {

    private ClientConfigFile() {
    }

    /**
     * What one read of a settings file found: the TOML checked as a whole (syntax, known keys); each list is
     * checked when it is asked for, so that a command that needs only one is not refused for the other.
     */
    public static final class Settings {
        private final JsonNode root;
        private final String origin;

        private Settings(JsonNode root, String origin) {
            this.root = root;
            this.origin = origin;
        }

        /** The TrustedHosts list; empty when the file or the key does not exist. */
        public TrustedHosts trustedHosts() throws ConfigException {
            return list("trusted_hosts");
        }

        /** The {@code allow_credssp} host patterns; none when the file or the key does not exist. */
        public TrustedHosts credSspHosts() throws ConfigException {
            return list("allow_credssp");
        }

        private TrustedHosts list(String key) throws ConfigException {
            JsonNode list = root == null ? null : root.get(key);
            if (list == null) {
                return TrustedHosts.NONE;
            }
            if (!list.isArray()) {
                throw new ConfigException(origin + ": '" + key + "' must be a list of strings");
            }
            List<String> entries = new ArrayList<>();
            for (JsonNode n : list) {
                if (!n.isTextual()) {
                    throw new ConfigException(origin + ": '" + key + "' must be a list of strings");
                }
                entries.add(n.textValue());
            }
            try {
                return TrustedHosts.of(entries);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(origin + ": " + e.getMessage());
            }
        }
    }

    /** {@code file}, read and parsed once; a file that does not exist has no lists. */
    public static Settings read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return new Settings(null, file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** A client settings file's text; {@code origin} names it in errors. */
    public static Settings parse(String text, String origin) throws ConfigException {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(origin + ": not valid TOML: " + e.getOriginalMessage());
        }
        if (root != null) {
            for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!k.equals("trusted_hosts") && !k.equals("allow_credssp")) {
                    throw new ConfigException(origin + ": unknown key '" + k + "'");
                }
            }
        }
        return new Settings(root, origin);
    }

    /** The TrustedHosts list in {@code file}; empty when the file does not exist. */
    public static TrustedHosts trustedHosts(Path file) throws ConfigException {
        return read(file).trustedHosts();
    }

    /** The TrustedHosts list in a client settings file's text; {@code origin} names it in errors. */
    public static TrustedHosts parseTrustedHosts(String text, String origin) throws ConfigException {
        return parse(text, origin).trustedHosts();
    }

    /**
     * Writes the TrustedHosts list atomically (temporary file + rename), keeping the file's {@code allow_credssp}
     * list (an unreadable one is dropped: the file is rewritten whole).
     */
    public static void writeTrustedHosts(Path file, TrustedHosts hosts) throws IOException {
        TrustedHosts credSsp;
        try {
            credSsp = read(file).credSspHosts();
        } catch (ConfigException e) {
            credSsp = TrustedHosts.NONE;
        }
        StringBuilder sb = new StringBuilder("# OpenWinRM client settings (openwinrm trustedhosts ...)\n");
        list(sb, "trusted_hosts", hosts);
        if (!credSsp.patterns().isEmpty()) {
            list(sb, "allow_credssp", credSsp);
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    private static void list(StringBuilder sb, String key, TrustedHosts hosts) {
        sb.append(key).append(" = [");
        List<String> p = hosts.patterns();
        for (int i = 0; i < p.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(p.get(i)).append('"');
        }
        sb.append("]\n");
    }
}
