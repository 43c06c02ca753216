package io.openwinrm.auth.kerberos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explicit principal → account mappings ({@code openwinrm user map-principal}): one {@code PRINCIPAL ACCOUNT} pair
 * per line, {@code #} comments and blank lines ignored. A missing file is no mappings.
 */
public final class PrincipalMapFile {

    private PrincipalMapFile() {
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
