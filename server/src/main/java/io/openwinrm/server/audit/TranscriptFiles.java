package io.openwinrm.server.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Where transcripts are kept ({@link Transcripts} decides what goes into them). {@link LocalTranscriptFiles} writes
 * them itself; a privilege-separated server's network side hands each line to its monitor, which alone may write
 * into a root-owned transcript directory.
 */
public interface TranscriptFiles {

    /**
     * Opens the transcript of a new shell.
     *
     * @param dir      the endpoint's transcript directory
     * @param shell    what identifies the shell (owner, ShellId, creation time, and the sandbox its context holds)
     * @return empty if none can be had (the cause is logged)
     */
    Optional<TranscriptFile> open(Path dir, ShellTranscript shell);

    /** What names a transcript: the shell's owner, id and creation time, and its context's sandbox. */
    record ShellTranscript(String owner, String shellId, Instant createdAt, Object sandbox) {
    }

    /** One shell's transcript; used by one shell at a time. */
    interface TranscriptFile {
        void write(String text) throws IOException;

        void close() throws IOException;
    }
}
