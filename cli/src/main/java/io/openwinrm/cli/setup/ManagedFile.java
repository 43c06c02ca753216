package io.openwinrm.cli.setup;

import io.openwinrm.common.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A text file owned by {@code openwinrm enable}: it carries {@link #MARKER}, is rewritten when it differs from the
 * wanted content, and an existing file without the marker (someone else's) is left alone.
 *
 * @param path      where it goes on disk (already under the {@link Target}'s root)
 * @param content   the wanted content, containing {@link #MARKER}
 * @param ownerOnly mode 0600 instead of 0644
 */
public record ManagedFile(Path path, String content, boolean ownerOnly) {

    /** The marker line every managed file carries (in a comment of the file's own syntax). */
    public static final String MARKER = "managed by openwinrm enable";

    /** Why a file without the marker is neither rewritten nor deleted. */
    public static final String NOT_MANAGED = "kept: not managed by openwinrm";

    public ManagedFile {
        if (!content.contains(MARKER)) {
            throw new IllegalArgumentException("managed content must carry the marker: " + path);
        }
    }

    /** Creates or rewrites the file when needed. */
    public StepResult sync(boolean dryRun) throws SetupException {
        String what = path.toString();
        try {
            if (!Files.exists(path)) {
                if (!dryRun) {
                    write();
                }
                return new StepResult(StepStatus.CREATED, null, what, content);
            }
            String current = Files.readString(path, StandardCharsets.UTF_8);
            if (!current.contains(MARKER)) {
                return StepResult.skipped(NOT_MANAGED, what);
            }
            boolean modeOk = hasMode(path, ownerOnly);
            if (current.equals(content) && modeOk) {
                return StepResult.of(StepStatus.UNCHANGED, what);
            }
            if (!dryRun) {
                write();
            }
            String detail = current.equals(content) ? "mode set to " + mode(ownerOnly) : TextDiff.diff(current, content);
            return new StepResult(StepStatus.CHANGED, null, what, detail);
        } catch (IOException e) {
            throw new SetupException("cannot write " + what + ": " + e.getMessage(), e);
        }
    }

    private void write() throws IOException {
        AtomicFiles.write(path, content.getBytes(StandardCharsets.UTF_8), ownerOnly);
    }

    /** Deletes a managed file; a file without the marker is kept, a missing one is unchanged. */
    public static StepResult remove(Path path, boolean dryRun) throws SetupException {
        String what = path.toString();
        try {
            if (!Files.exists(path)) {
                return StepResult.of(StepStatus.UNCHANGED, what + " (absent)");
            }
            if (!Files.readString(path, StandardCharsets.UTF_8).contains(MARKER)) {
                return StepResult.skipped(NOT_MANAGED, what);
            }
            if (!dryRun) {
                Files.delete(path);
            }
            return StepResult.of(StepStatus.REMOVED, what);
        } catch (IOException e) {
            throw new SetupException("cannot remove " + what + ": " + e.getMessage(), e);
        }
    }

    static String mode(boolean ownerOnly) {
        return ownerOnly ? "0600" : "0644";
    }

    static boolean hasMode(Path path, boolean ownerOnly) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) == null) {
            return true;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        return perms.equals(PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"));
    }
}
