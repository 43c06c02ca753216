package io.openwinrm.policy.restrict;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict, typed access to one TOML table of a role file: every key must be known, every value of the expected
 * type, and every error names the file and the full key path.
 */
final class TomlTable {

    private final String file;
    private final String path;
    private final JsonNode node;

    private TomlTable(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The document root; refuses keys outside {@code allowed}. */
    static TomlTable root(String file, JsonNode node, Set<String> allowed) {
        TomlTable table = new TomlTable(file, "", node);
        table.requireKeys(allowed);
        return table;
    }

    /** The path of {@code key} in this table, e.g. {@code command[1].program}. */
    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** An error about {@code key} of this table. */
    InvalidRoleFileException error(String key, String problem) {
        return new InvalidRoleFileException(file, keyPath(key), problem);
    }

    Optional<String> string(String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw error(key, "expected a string");
        }
        return Optional.of(value.textValue());
    }

    String requiredString(String key) {
        return string(key).orElseThrow(() -> error(key, "is required"));
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw error(key, "expected true or false");
        }
        return value.booleanValue();
    }

    OptionalInt integer(String key, int min, int max) {
        JsonNode value = node.get(key);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw error(key, "expected an integer from " + min + " to " + max);
        }
        return OptionalInt.of(value.intValue());
    }

    /** A list of strings; empty when absent; refuses an empty array when {@code nonEmpty}. */
    List<String> strings(String key, boolean nonEmpty) {
        JsonNode value = node.get(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(key, "expected an array of strings");
        }
        if (nonEmpty && value.isEmpty()) {
            throw error(key, "is empty; leave the key out instead");
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw error(key, "element " + (i + 1) + " is not a string");
            }
            strings.add(value.get(i).textValue());
        }
        return strings;
    }

    /** An array of tables ({@code [[key]]}), each checked against {@code allowed}; empty when absent. */
    List<TomlTable> tables(String key, Set<String> allowed) {
        JsonNode value = node.get(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(key, "expected an array of tables ([[" + keyPath(key) + "]])");
        }
        List<TomlTable> tables = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            String elementPath = keyPath(key) + "[" + (i + 1) + "]";
            if (!element.isObject()) {
                throw new InvalidRoleFileException(file, elementPath, "expected a table");
            }
            TomlTable table = new TomlTable(file, elementPath, element);
            table.requireKeys(allowed);
            tables.add(table);
        }
        return tables;
    }

    boolean has(String key) {
        return node.has(key);
    }

    private void requireKeys(Set<String> allowed) {
        if (!node.isObject()) {
            throw new InvalidRoleFileException(file, path, "expected a table");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw error(name, "unknown key (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }
}
