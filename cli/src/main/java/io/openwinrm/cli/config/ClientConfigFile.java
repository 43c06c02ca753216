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
 * The client settings file ({@code HOME/client.toml}): so far the TrustedHosts list, PowerShell's
 * {@code WSMan:\localhost\Client\TrustedHosts}.
 *
 * <pre>
 * trusted_hosts = ["*.lab.example", "10.0.0.*"]
 * </pre>
 */
public final class ClientConfigFile {

    private ClientConfigFile() {
    }

    /** The TrustedHosts list in {@code file}; empty when the file does not exist. */
    public static TrustedHosts trustedHosts(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return TrustedHosts.NONE;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parseTrustedHosts(text, file.toString());
    }

    /** The TrustedHosts list in a client settings file's text; {@code origin} names it in errors. */
    public static TrustedHosts parseTrustedHosts(String text, String origin) throws ConfigException {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(origin + ": not valid TOML: " + e.getOriginalMessage());
        }
        if (root == null) {
            return TrustedHosts.NONE;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!k.equals("trusted_hosts")) {
                throw new ConfigException(origin + ": unknown key '" + k + "'");
            }
        }
        JsonNode list = root.get("trusted_hosts");
        if (list == null) {
            return TrustedHosts.NONE;
        }
        if (!list.isArray()) {
            throw new ConfigException(origin + ": 'trusted_hosts' must be a list of strings");
        }
        List<String> entries = new ArrayList<>();
        for (JsonNode n : list) {
            if (!n.isTextual()) {
                throw new ConfigException(origin + ": 'trusted_hosts' must be a list of strings");
            }
            entries.add(n.textValue());
        }
        try {
            return TrustedHosts.of(entries);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
    }

    /** Writes the TrustedHosts list atomically (temporary file + rename). */
    public static void writeTrustedHosts(Path file, TrustedHosts hosts) throws IOException {
        StringBuilder sb = new StringBuilder("# OpenWinRM client settings (openwinrm trustedhosts ...)\ntrusted_hosts = [");
        List<String> p = hosts.patterns();
        for (int i = 0; i < p.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(p.get(i)).append('"');
        }
        sb.append("]\n");
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), true);
    }
}
