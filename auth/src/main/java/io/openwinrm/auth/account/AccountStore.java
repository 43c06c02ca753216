package io.openwinrm.auth.account;

import io.openwinrm.common.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own accounts, kept in one file ({@link AccountFileFormat}).
 *
 * <p><b>Security.</b> Passwords are stored as PBKDF2-HMAC-SHA256 ({@link PasswordHash}, 600,000 iterations by
 * default) plus the NT hash for NTLM ({@link NtHash}), which is password-equivalent. The file is written
 * atomically (temporary file, fsync, rename) with mode 0600, and {@link #load} refuses a file that group or others
 * may read or write. {@link #verify} does the same slow work for unknown users as for wrong passwords and compares
 * in constant time; successes are remembered in a {@link VerifiedCredentialCache} so that Basic's
 * password-on-every-request costs microseconds after the first one.
 *
 * <p><b>Reload.</b> Every {@link #verify} checks the file's modification time, size, file key and permissions, and
 * reloads it when they changed, so {@code openwinrm user passwd} acts on a running server. If the changed file cannot be
 * trusted or parsed, all verifications fail (fail closed) and the error is logged once.
 *
 * <p>Thread-safe. Mutations are serialised within this process; two processes mutating concurrently may lose one
 * update (the last rename wins) but never corrupt the file.
 */
public final class AccountStore {

    public static final String DEFAULT_FILE_NAME = "accounts";

    private static final Logger LOG = LoggerFactory.getLogger(AccountStore.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> FORBIDDEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    /**
     * Tuning; {@link #defaults()} is what production uses.
     *
     * @param iterations PBKDF2 iterations for new hashes and for the decoy work on unknown users
     * @param cacheTtl   how long a verified credential is remembered
     * @param cacheSize  maximum remembered credentials; 0 disables the cache
     * @param nanoClock  monotonic clock for the cache ({@code System::nanoTime})
     */
    public record Options(int iterations, Duration cacheTtl, int cacheSize, LongSupplier nanoClock) {
        public Options {
            if (iterations < PasswordHash.MIN_ITERATIONS || iterations > PasswordHash.MAX_ITERATIONS) {
                throw new IllegalArgumentException("iterations out of range: " + iterations);
            }
            if (cacheTtl.isNegative() || cacheSize < 0) {
                throw new IllegalArgumentException("negative cache TTL or size");
            }
            Objects.requireNonNull(nanoClock, "nanoClock");
        }

        public static Options defaults() {
            return new Options(PasswordHash.DEFAULT_ITERATIONS, Duration.ofMinutes(5), 1024, System::nanoTime);
        }
    }

    /** Contents plus the file identity they were read from. */
    private record Snapshot(Map<String, Account> accounts, FileStamp stamp, String error) {
    }

    /** File identity: a rename, a rewrite or a chmod changes it. */
    private record FileStamp(long modifiedMillis, long size, Object fileKey, Set<PosixFilePermission> permissions) {
        static final FileStamp ABSENT = new FileStamp(-1, -1, null, null);
    }

    private final Path file;
    private final Options options;
    private final SecureRandom random = new SecureRandom();
    private final VerifiedCredentialCache cache;
    private final PasswordHash decoy;
    private volatile Snapshot snapshot;

    private AccountStore(Path file, Options options, Snapshot initial) {
        this.file = file;
        this.options = options;
        this.cache = new VerifiedCredentialCache(options.cacheTtl(), options.cacheSize(), options.nanoClock());
        byte[] decoySalt = new byte[PasswordHash.SALT_BYTES];
        byte[] decoyHash = new byte[PasswordHash.HASH_BYTES];
        random.nextBytes(decoySalt);
        random.nextBytes(decoyHash);
        this.decoy = new PasswordHash(options.iterations(), decoySalt, decoyHash);
        this.snapshot = initial;
    }

    /** Loads {@code file} with {@link Options#defaults()}; a missing file is an empty store created on first change. */
    public static AccountStore load(Path file) throws AccountStoreException {
        return load(file, Options.defaults());
    }

    public static AccountStore load(Path file, Options options) throws AccountStoreException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        return new AccountStore(file, options, read(file));
    }

    public Path file() {
        return file;
    }

    /** The user names, sorted. */
    public List<String> list() {
        refreshQuietly();
        return AccountFileFormat.names(snapshot.accounts());
    }

    public Optional<Account> account(String name) {
        refreshQuietly();
        return Optional.ofNullable(snapshot.accounts().get(name));
    }

    /** The NT hash for NTLM ([MS-NLMP] 3.3.1), password-equivalent; empty if the user or field is absent. */
    public Optional<byte[]> ntHash(String name) {
        return account(name).flatMap(Account::ntHash);
    }

    /**
     * Adds a user.
     *
     * @throws IllegalArgumentException if the name is invalid or the password empty
     * @throws AccountStoreException    if the user exists or the file cannot be read or written
     */
    public synchronized void add(String name, char[] password) throws AccountStoreException {
        UserNames.requireValid(name);
        requirePassword(password);
        Map<String, Account> accounts = freshForUpdate();
        if (accounts.containsKey(name)) {
            throw new AccountStoreException("user '" + name + "' already exists");
        }
        accounts.put(name, newAccount(name, password, List.of(), Map.of()));
        save(accounts);
    }

    /** Removes a user; returns {@code false} if there was none. */
    public synchronized boolean remove(String name) throws AccountStoreException {
        Map<String, Account> accounts = freshForUpdate();
        if (accounts.remove(name) == null) {
            return false;
        }
        save(accounts);
        return true;
    }

    /** Replaces a user's password (and NT hash). */
    public synchronized void setPassword(String name, char[] password) throws AccountStoreException {
        requirePassword(password);
        Map<String, Account> accounts = freshForUpdate();
        Account old = accounts.get(name);
        if (old == null) {
            throw new AccountStoreException("no such user '" + name + "'");
        }
        accounts.put(name, newAccount(name, password, old.groups(), old.extra()));
        save(accounts);
    }

    /**
     * Checks a password. Unknown users cost the same PBKDF2 work as wrong passwords. Never throws for bad input.
     *
     * @param password not kept; the caller may wipe it afterwards
     */
    public boolean verify(String name, char[] password) {
        if (name == null || password == null) {
            return false;
        }
        refreshQuietly();
        Snapshot current = snapshot;
        if (current.error() != null) {
            decoy.matches(password);
            return false;
        }
        long generation = cache.generation();
        byte[] fingerprint = cache.fingerprint(name, password);
        Account account = current.accounts().get(name);
        if (account != null && cache.contains(fingerprint)) {
            return true;
        }
        boolean ok;
        if (account == null) {
            decoy.matches(password);
            ok = false;
        } else {
            ok = account.password().matches(password);
        }
        if (ok) {
            cache.put(fingerprint, generation);
        }
        return ok;
    }

    int cachedCredentials() {
        return cache.size();
    }

    private Account newAccount(String name, char[] password, List<String> groups, Map<String, String> extra) {
        return new Account(name, PasswordHash.create(password, options.iterations(), random),
                Optional.of(NtHash.of(password)), groups, extra);
    }

    private static void requirePassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
    }

    /** Re-reads the file if it changed; on a bad file, remembers the error (verifications then fail). */
    private void refreshQuietly() {
        Snapshot current = snapshot;
        FileStamp stamp;
        try {
            stamp = stamp(file);
        } catch (IOException e) {
            stamp = null;
        }
        if (stamp == null ? current.error() != null : stamp.equals(current.stamp())) {
            return;
        }
        synchronized (this) {
            if (snapshot != current) {
                return;
            }
            Snapshot next;
            try {
                next = read(file);
                LOG.info("Account file {} reloaded: {} user(s)", file, next.accounts().size());
            } catch (AccountStoreException e) {
                next = new Snapshot(Map.of(), stamp == null ? FileStamp.ABSENT : stamp, e.getMessage());
                LOG.error("Account file {} rejected, refusing all password logins until fixed: {}", file, e.getMessage());
            }
            cache.invalidate();
            snapshot = next;
        }
    }

    private Map<String, Account> freshForUpdate() throws AccountStoreException {
        Snapshot current = read(file);
        cache.invalidate();
        snapshot = current;
        return new LinkedHashMap<>(current.accounts());
    }

    private void save(Map<String, Account> accounts) throws AccountStoreException {
        byte[] bytes = AccountFileFormat.write(accounts.values()).getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(file, bytes, true);
            snapshot = new Snapshot(Map.copyOf(accounts), stamp(file), null);
            cache.invalidate();
        } catch (IOException e) {
            throw new AccountStoreException("cannot write account file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Snapshot read(Path file) throws AccountStoreException {
        try {
            FileStamp stamp = stamp(file);
            if (stamp == FileStamp.ABSENT) {
                return new Snapshot(Map.of(), FileStamp.ABSENT, null);
            }
            checkPermissions(file);
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Map<String, Account> accounts = AccountFileFormat.parse(lines);
            return new Snapshot(Collections.unmodifiableMap(accounts), stamp, null);
        } catch (AccountStoreException e) {
            throw e;
        } catch (IOException e) {
            throw new AccountStoreException("cannot read account file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        if (perms.stream().anyMatch(FORBIDDEN::contains)) {
            throw new AccountStoreException("account file " + file + " is accessible by group or others (mode "
                    + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
        }
    }

    private static FileStamp stamp(Path file) throws IOException {
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                PosixFileAttributes a = posix.readAttributes();
                return new FileStamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey(), a.permissions());
            }
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey(), null);
        } catch (NoSuchFileException e) {
            return FileStamp.ABSENT;
        }
    }
}
