package io.openwinrm.server.audit;

import io.openwinrm.common.TrustedPaths;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The rule a transcript directory must satisfy before the server writes into it as root (issue 9, finding 7: with a
 * group-writable transcript directory a member pre-created symbolic links at the predictable transcript names, and
 * root appended to their targets): {@link TrustedPaths} with root and the server's own account as owners — the
 * directory and every directory above it belong to one of them and are writable by neither group nor others. A
 * directory that does not exist yet is judged by its existing ancestors (the server then creates it, mode 0700).
 */
public final class TranscriptDirectory {

    private TranscriptDirectory() {
    }

    /**
     * @param serverUid the uid the server runs as
     * @throws IOException naming the directory and the first element that breaks the rule
     */
    public static void check(Path dir, int serverUid) throws IOException {
        try {
            TrustedPaths.check(dir, TrustedPaths.rootAnd(serverUid), true);
        } catch (IOException e) {
            throw new IOException("transcript directory " + dir + ": " + e.getMessage()
                    + "; it and every directory above it must be writable by their owner (root or the server) only",
                    e);
        }
    }
}
