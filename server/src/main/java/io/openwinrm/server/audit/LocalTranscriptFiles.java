package io.openwinrm.server.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcript files written by this process, which runs as root or as the account that owns the transcript directory
 * (issue 9, finding 7): the directory must pass {@link TranscriptDirectory#check} (checked again for each shell),
 * the name is {@code <yyyyMMdd'T'HHmmss>-<user>-<shellId>-<64 random bits>.txt} (a client may choose its ShellId),
 * and the file is created exclusively without following a symbolic link (mode 0600), then kept open for the life of
 * the shell: no later write looks the name up again.
 */
public final class LocalTranscriptFiles implements TranscriptFiles {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTranscriptFiles.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int serverUid;

    /** @param serverUid the uid this process runs as: transcript directories must belong to root or to it */
    public LocalTranscriptFiles(int serverUid) {
        this.serverUid = serverUid;
    }

    @Override
    public Optional<TranscriptFile> open(Path dir, ShellTranscript shell) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        Path file = dir.resolve(FILE_TIME.format(shell.createdAt()) + "-" + safe(shell.owner()) + "-"
                + shell.shellId() + "-" + HexFormat.of().formatHex(random) + ".txt");
        try {
            TranscriptDirectory.check(dir, serverUid);
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            TranscriptDirectory.check(dir, serverUid);
            FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return Optional.of(new TranscriptFile() {
                @Override
                public synchronized void write(String text) throws IOException {
                    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                }

                @Override
                public synchronized void close() throws IOException {
                    channel.close();
                }
            });
        } catch (IOException | UnsupportedOperationException e) {
            LOG.error("no transcript for shell {} in {}: {}", shell.shellId(), dir, e.getMessage());
            return Optional.empty();
        }
    }

    private static String safe(String user) {
        return user.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
