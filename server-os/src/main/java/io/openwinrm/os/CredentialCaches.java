package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import io.openwinrm.server.command.ShellCredentials;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where shells' private Kerberos credential caches live (the second hop by delegation): one file per shell, mode 0600,
 * owned by the shell's account, in a directory only root may write ({@code /run/openwinrm/ccache-<instance>}, mode
 * 0711: an account can open its own cache by name but neither list the directory nor plant a file or a link in it),
 * so no path a client or an account controls is ever written as root. A server that does not run as root keeps them
 * in a fresh private directory of its own (0700). Files left by a crashed server are removed at start.
 */
public final class CredentialCaches {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialCaches.class);
    private static final Path RUN_BASE = Path.of("/run/openwinrm");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Path directory;
    private final boolean privileged;

    private CredentialCaches(Path directory, boolean privileged) {
        this.directory = directory;
        this.privileged = privileged;
    }

    /** The caches of {@code instance}: under /run as root, else in a private temporary directory. */
    public static CredentialCaches of(ServerInstance instance) throws IOException {
        if (LibC.INSTANCE.geteuid() == 0) {
            return new CredentialCaches(runDirectory(instance), true);
        }
        return new CredentialCaches(Files.createTempDirectory("openwinrm-ccache-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))), false);
    }

    /** For tests: caches in {@code directory} (made if missing), written as root when this process is root. */
    static CredentialCaches at(Path directory) {
        return new CredentialCaches(directory, LibC.INSTANCE.geteuid() == 0);
    }

    public Path directory() {
        return directory;
    }

    /**
     * Writes the cache of shell {@code name}.
     *
     * @return the file, to be named in {@code KRB5CCNAME} and {@link #remove removed} with the shell
     * @throws IOException if the directory is not root's alone, or the file cannot be made
     */
    Path write(String name, ShellCredentials credentials) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IOException("invalid shell name for a credential cache: " + name);
        }
        prepareDirectory();
        Path file = directory.resolve("krb5cc_" + name);
        byte[] bytes = credentials.credentials().cacheFile();
        try (SeekableByteChannel out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            if (privileged) {
                LibC.INSTANCE.chown(file.toString(), credentials.owner().uid(), credentials.owner().gid());
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (LastErrorException e) {
            Files.deleteIfExists(file);
            throw new IOException("cannot give " + file + " to " + credentials.owner().name() + ": errno "
                    + e.getErrorCode(), e);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        return file;
    }

    /** Removes a shell's cache; never throws (a failure is logged). */
    void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.error("cannot remove the credential cache {}: {}", file, e.getMessage());
        }
    }

    /**
     * Removes every cache a crashed server of {@code instance} left (as root; a server that is not root keeps its
     * caches in a fresh temporary directory, so nothing of an earlier run can be found): call once at start, before
     * any shell exists.
     */
    public static List<String> removeStale(ServerInstance instance) {
        return LibC.INSTANCE.geteuid() == 0 ? new CredentialCaches(runDirectory(instance), true).removeStale()
                : List.of();
    }

    private static Path runDirectory(ServerInstance instance) {
        return RUN_BASE.resolve("ccache-" + instance.tag());
    }

    /** Removes every cache in the directory (a crashed server's leftovers). */
    List<String> removeStale() {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return removed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
                removed.add(f.getFileName().toString());
            }
        } catch (IOException e) {
            LOG.error("cannot clear {}: {}", directory, e.getMessage());
        }
        return removed;
    }

    /** As root: /run/openwinrm (0755) and the directory (0711), both root's, neither a link. */
    private void prepareDirectory() throws IOException {
        if (!privileged) {
            Files.createDirectories(directory);
            return;
        }
        for (Path dir : List.of(directory.getParent(), directory)) {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // made meanwhile by another shell: checked below
                }
            }
            boolean directoryOfRoot = Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && Integer.valueOf(0).equals(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            if (!directoryOfRoot) {
                throw new IOException(dir + " is not a directory owned by root: refusing to keep credentials there");
            }
            try {
                LibC.INSTANCE.chmod(dir.toString(), dir.equals(directory) ? 0711 : 0755);
            } catch (LastErrorException e) {
                throw new IOException("cannot set the mode of " + dir + ": errno " + e.getErrorCode(), e);
            }
        }
    }
}
