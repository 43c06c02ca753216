package io.openwinrm.auth.kerberos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explicit principal → account mappings ({@code openwinrm user map-principal}): one {@code PRINCIPAL ACCOUNT} pair
 * per line, {@code #} comments and blank lines ignored. A missing file is no mappings. {@link #watch} gives the
 * running server a mapper that follows edits within a second.
 */
public final class PrincipalMapFile {

    private static final Logger LOG = LoggerFactory.getLogger(PrincipalMapFile.class);

    private PrincipalMapFile() {
    }

    /** Adds (or replaces) the mapping of {@code principal}, rewriting the file atomically (mode 0600). */
    public static void map(Path file, String principal, String account) throws IOException {
        if (!principal.contains("@") || principal.chars().anyMatch(Character::isWhitespace)
                || account.isEmpty() || account.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("expected PRINCIPAL@REALM and an account name, without spaces");
        }
        Map<String, String> all = new LinkedHashMap<>(read(file));
        all.put(principal, account);
        write(file, all);
    }

    /** Removes the mapping of a principal, or every mapping to an account; returns how many were removed. */
    public static int unmap(Path file, String principalOrAccount) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(read(file));
        int before = all.size();
        all.keySet().removeIf(p -> p.equals(principalOrAccount) || all.get(p).equals(principalOrAccount));
        if (all.size() != before) {
            write(file, all);
        }
        return before - all.size();
    }

    private static void write(Path file, Map<String, String> all) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# principal -> account (openwinrm user map-principal); read by the server within a second");
        all.forEach((p, a) -> lines.add(p + " " + a));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".principal-mappings", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A mapper for {@code realms} whose explicit entries follow {@code file}: looked at again at most once a
     * second; a broken edit is logged and the last good mappings are kept.
     */
    public static java.util.function.Supplier<PrincipalMapper> watch(Path file, Set<String> realms,
                                                                    LongSupplier nanos) throws IOException {
        Map<String, String> initial = read(file);
        return new java.util.function.Supplier<>() {
            private PrincipalMapper current = new PrincipalMapper(realms, initial);
            private FileTime seen = modified(file);
            private long checked = nanos.getAsLong();

            @Override
            public synchronized PrincipalMapper get() {
                long now = nanos.getAsLong();
                if (now - checked >= 1_000_000_000L) {
                    checked = now;
                    FileTime m = modified(file);
                    if (!java.util.Objects.equals(m, seen)) {
                        try {
                            current = new PrincipalMapper(realms, read(file));
                            seen = m;
                        } catch (IOException e) {
                            LOG.warn("principal mappings not reloaded, the last good ones stay: {}", e.getMessage());
                        }
                    }
                }
                return current;
            }
        };
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** @throws IOException if the file cannot be read or a line is not a principal and an account */
    public static Map<String, String> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 2 || !f[0].contains("@")) {
                throw new IOException(file + ":" + (i + 1) + ": expected PRINCIPAL@REALM ACCOUNT");
            }
            out.put(f[0], f[1]);
        }
        return out;
    }
}
