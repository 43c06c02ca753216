package io.openwinrm.server.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON object per line to a file (mode 0600, created on first use), flushed per record so that a crash
 * loses nothing already decided. A failing write is logged and the record also goes to the server log, so an audit
 * event is never silently lost.
 */
public final class JsonLinesAuditLog implements AuditLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditLog.class);

    private final Path file;
    private OutputStream out; // guarded by this

    public JsonLinesAuditLog(Path file) {
        this.file = file;
    }

    @Override
    public void record(AuditRecord record) {
        appendLine(record.toJson());
    }

    /**
     * Appends a record made elsewhere (a privilege-separated server's network side).
     *
     * @throws IllegalArgumentException unless {@code json} is one line holding one JSON object
     */
    public synchronized void appendLine(String json) {
        if (json.isEmpty() || json.charAt(0) != '{' || json.charAt(json.length() - 1) != '}'
                || json.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("not a one-line JSON object");
        }
        String line = json + "\n";
        try {
            if (out == null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                if (!Files.exists(file)) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                }
                out = Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            }
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write the audit log {} ({}); record: {}", file, e.getMessage(), line.strip());
            closeQuietly();
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            out = null;
        }
    }
}
