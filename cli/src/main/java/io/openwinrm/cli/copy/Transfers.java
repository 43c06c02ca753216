package io.openwinrm.cli.copy;

import io.openwinrm.common.PosixModes;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Files and directory trees in either direction. A failure of one file is reported on stderr and the others go on
 * (as scp does); the count of failures decides the exit status.
 */
public final class Transfers {

    private static final int DEFAULT_FILE_MODE = 0644;

    private final RemoteFiles remote;
    private final boolean recursive;
    private final boolean preserve;

    public Transfers(RemoteFiles remote, boolean recursive, boolean preserve) {
        this.remote = remote;
        this.recursive = recursive;
        this.preserve = preserve;
    }

    /**
     * Copies {@code source} to {@code dest} on the host ({@code dest/<name>} when {@code intoDirectory}).
     *
     * @return the number of files that failed
     */
    public int upload(Path source, String dest, boolean intoDirectory) {
        String name = source.toAbsolutePath().normalize().getFileName() == null ? ""
                : source.toAbsolutePath().normalize().getFileName().toString();
        String target = intoDirectory ? join(dest, name) : dest;
        try {
            if (Files.isDirectory(source)) {
                if (!recursive) {
                    throw new CopyFailure(source + " is a directory (use -r)");
                }
                return uploadTree(source, target);
            }
            if (!Files.isRegularFile(source)) {
                throw new CopyFailure(source + ": no such file");
            }
            uploadFile(source, target);
            return 0;
        } catch (CopyFailure | IOException e) {
            report(e);
            return 1;
        }
    }

    private int uploadTree(Path root, String target) throws IOException {
        remote.mkdirs(target, preserve ? Optional.of(mode(root)) : Optional.empty());
        int failures = 0;
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.filter(p -> !p.equals(root)).toList();
        }
        for (Path p : all) {
            String there = join(target, root.relativize(p).toString());
            try {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    remote.mkdirs(there, preserve ? Optional.of(mode(p)) : Optional.empty());
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    uploadFile(p, there);
                }
            } catch (CopyFailure | IOException e) {
                report(e);
                failures++;
            }
        }
        return failures;
    }

    private void uploadFile(Path source, String target) throws IOException {
        int mode = preserve ? mode(source) : mode(source) & 0755 | 0600;
        Optional<Long> mtime = preserve ? Optional.of(Files.getLastModifiedTime(source).toMillis() / 1000)
                : Optional.empty();
        remote.put(source, Files.size(source), target, mode, mtime, source.toString());
    }

    /**
     * Copies {@code source} on the host to {@code dest} here ({@code dest/<name>} when {@code intoDirectory}).
     *
     * @return the number of files that failed
     */
    public int download(String source, Path dest, boolean intoDirectory) {
        try {
            RemoteFiles.Entry what = remote.stat(source).orElseThrow(() -> new CopyFailure(source
                    + ": no such file or directory on the host (or not readable)"));
            String name = Path.of(source).normalize().getFileName() == null ? "root"
                    : Path.of(source).normalize().getFileName().toString();
            Path target = intoDirectory ? dest.resolve(name) : dest;
            if (what.directory()) {
                if (!recursive) {
                    throw new CopyFailure(source + " is a directory on the host (use -r)");
                }
                return downloadTree(source, target, what);
            }
            downloadFile(source, target, what);
            return 0;
        } catch (CopyFailure | IOException e) {
            report(e);
            return 1;
        }
    }

    private int downloadTree(String source, Path target, RemoteFiles.Entry root) throws IOException {
        Files.createDirectories(target);
        int failures = 0;
        List<RemoteFiles.Entry> entries = remote.list(source);
        for (RemoteFiles.Entry e : entries) {
            Path here = target.resolve(e.relative()).normalize();
            if (!here.startsWith(target.normalize())) {
                report(new CopyFailure(e.relative() + ": a name that leaves the destination; skipped"));
                failures++;
                continue;
            }
            try {
                if (e.directory()) {
                    Files.createDirectories(here);
                } else {
                    downloadFile(join(source, e.relative()), here, e);
                }
            } catch (CopyFailure | IOException ex) {
                report(ex);
                failures++;
            }
        }
        if (preserve) {
            for (RemoteFiles.Entry e : entries) {
                if (e.directory()) {
                    keep(target.resolve(e.relative()), e);
                }
            }
            keep(target, root);
        }
        return failures;
    }

    /** To a temporary file beside the target, then renamed: never a half-written file under the final name. */
    private void downloadFile(String source, Path target, RemoteFiles.Entry what) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CopyFailure(target + ": no such directory here");
        }
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".openwinrm-copy");
        try {
            remote.get(source, what.size(), temp, source);
            if (preserve) {
                keep(temp, what);
            } else {
                Files.setPosixFilePermissions(temp, PosixModes.permissions(what.mode() & 0755 | 0600));
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void keep(Path p, RemoteFiles.Entry e) throws IOException {
        Files.setPosixFilePermissions(p, PosixModes.permissions(e.mode()));
        Files.setLastModifiedTime(p, FileTime.fromMillis(e.mtimeSeconds() * 1000));
    }

    private static int mode(Path p) throws IOException {
        int m = PosixModes.bits(Files.getPosixFilePermissions(p));
        return m == 0 ? DEFAULT_FILE_MODE : m;
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static void report(Exception e) {
        System.err.println("openwinrm: copy: " + e.getMessage());
    }
}
