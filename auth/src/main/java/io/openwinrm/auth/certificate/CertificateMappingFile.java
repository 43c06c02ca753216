package io.openwinrm.auth.certificate;

import io.openwinrm.common.AtomicFiles;
import io.openwinrm.auth.account.UserNames;
import io.openwinrm.auth.spi.AuthenticatedUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate-to-account table of {@code openwinrm user map-cert} (Windows' {@code winrm/config/service/
 * certmapping}): a text file with a version line, then one {@code map<TAB>account<TAB>key} line per mapping, where
 * the key is a UPN / e-mail address or a subject distinguished name (see {@link SubjectCertificateMapper}).
 * {@link #mapper()} returns a mapper that re-reads the file when it changes, so mappings take effect on a running
 * server.
 */
public final class CertificateMappingFile {

    private static final String HEADER = "openwinrm-certmap 1";

    private final Path file;

    public CertificateMappingFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** key → account, in file order; empty when the file does not exist. */
    public synchronized Map<String, String> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": not a certificate mapping file (first line must be '" + HEADER + "')");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 3);
            if (f.length != 3 || !f[0].equals("map") || !UserNames.isValid(f[1]) || f[2].isBlank()) {
                throw new IOException(file + ":" + (i + 1) + ": malformed mapping line");
            }
            map.put(f[2], f[1]);
        }
        return map;
    }

    /** Adds or replaces the mapping of {@code key} (a UPN, e-mail address or subject DN) to {@code account}. */
    public synchronized void map(String account, String key) throws IOException {
        UserNames.requireValid(account);
        if (key.isBlank() || key.indexOf('\t') >= 0 || key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("invalid certificate key '" + key + "'");
        }
        Map<String, String> map = new LinkedHashMap<>(read());
        map.put(key.strip(), account);
        write(map);
    }

    /** Removes every mapping of {@code keyOrAccount} (a key, or all keys of an account); returns how many. */
    public synchronized int unmap(String keyOrAccount) throws IOException {
        Map<String, String> map = new LinkedHashMap<>(read());
        int before = map.size();
        map.keySet().removeIf(k -> k.equals(keyOrAccount) || map.get(k).equals(keyOrAccount));
        if (map.size() != before) {
            write(map);
        }
        return before - map.size();
    }

    private void write(Map<String, String> map) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        map.forEach((k, a) -> sb.append("map\t").append(a).append('\t').append(k).append('\n'));
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    /** A mapper over this file that picks up changes (checked by modification time and size on each use). */
    public CertificateMapper mapper() {
        return new Reloading();
    }

    private final class Reloading implements CertificateMapper {
        private FileTime seenTime;
        private long seenSize = -1;
        private CertificateMapper current = CertificateMapper.rejectAll();

        @Override
        public synchronized Optional<AuthenticatedUser> map(X509Certificate[] chain) {
            try {
                FileTime t = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
                long size = Files.exists(file) ? Files.size(file) : 0;
                if (!t.equals(seenTime) || size != seenSize) {
                    current = new SubjectCertificateMapper(read());
                    seenTime = t;
                    seenSize = size;
                }
            } catch (IOException e) {
                current = CertificateMapper.rejectAll();
                seenTime = null;
            }
            return current.map(chain);
        }
    }
}
