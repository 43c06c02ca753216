package io.openwinrm.os;

import io.openwinrm.common.AtomicFiles;
import io.openwinrm.server.identity.OsIdentity;
import io.openwinrm.server.identity.TemporaryAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Temporary accounts made with shadow-utils {@code groupadd}/{@code useradd}/{@code userdel}: a system account with
 * its own group, no password, shell {@code /usr/sbin/nologin}, comment
 * {@code OpenWinRM temporary account (<server tag>) for <caller>}, named {@code owva<n>_<caller>} (at most 32
 * characters, lower case), in exactly the given supplementary groups, with a fresh 0700 home under a base directory.
 * The calls are serialised in this JVM and retried while another program holds the {@code /etc/passwd} lock.
 *
 * <p>The uid (and the gid of its own group, the same number) comes from a range of its own ({@link #FIRST_ID} to
 * {@link #LAST_ID}), taken in turn from a cursor kept in a file, never the next free system id: an id is handed out
 * again only after the whole range was used, so files a removed account may have left somewhere are never readable
 * by the next caller's account (issue 9, finding 6: uid 999 was reused and the next account read the previous one's
 * {@code /dev/shm} files). Shells of temporary accounts also get private temporary directories and IPC
 * ({@link ShellSupervisor}). Thread-safe.
 */
public final class LinuxTemporaryAccounts implements TemporaryAccounts {

    /** Where homes are made by default. */
    public static final Path DEFAULT_HOME_BASE = Path.of("/run/openwinrm/home");
    /** The GECOS comment prefix that marks an account as one of ours. */
    /** What every temporary account's comment starts with, whichever server made it. */
    public static final String MARKER = "OpenWinRM temporary account ";

    private static final String NAME_PREFIX = "owva";
    /** First uid/gid of temporary accounts: above the ranges Debian and systemd hand out (users, DynamicUser, nspawn). */
    public static final int FIRST_ID = 2_000_000_000;
    /** Last uid/gid of temporary accounts: 100,000 accounts before an id comes back. */
    public static final int LAST_ID = FIRST_ID + 99_999;
    /** The cursor file's name in the state directory. */
    static final String CURSOR_FILE = "temporary-account-id";
    private static final int MAX_NAME = 32;
    private static final int MAX_ATTEMPTS = 100;
    /** useradd/userdel exit code: cannot lock the password file. */
    private static final int CANNOT_LOCK = 10;
    /** userdel exit code: the user does not exist. */
    private static final int NO_SUCH_USER = 6;
    /** useradd/groupadd exit code: the name is in use. */
    private static final int NAME_IN_USE = 9;
    /** useradd exit code: the uid is in use. */
    private static final int UID_IN_USE = 4;
    /** groupadd exit code: the gid is in use. */
    private static final int GID_IN_USE = 4;
    /** groupdel exit code: the group does not exist. */
    private static final int NO_SUCH_GROUP = 6;
    private static final Object TOOL_LOCK = new Object();
    private static final long TOOL_TIMEOUT_SECONDS = 30;

    private final Path homeBase;
    private final Path cursor;
    private final String instancePrefix;
    private final AtomicInteger counter = new AtomicInteger();

    /** Homes under {@link #DEFAULT_HOME_BASE}, accounts of {@link ServerInstance#DEFAULT}. */
    public LinuxTemporaryAccounts() {
        this(DEFAULT_HOME_BASE, ServerInstance.DEFAULT);
    }

    /** @param homeBase the directory the homes are made in (created 0755 if missing) */
    public LinuxTemporaryAccounts(Path homeBase) {
        this(homeBase, ServerInstance.DEFAULT);
    }

    /** Homes under {@link #DEFAULT_HOME_BASE}; accounts tagged as {@code instance}'s. */
    public LinuxTemporaryAccounts(ServerInstance instance) {
        this(DEFAULT_HOME_BASE, instance);
    }

    /**
     * @param homeBase the directory the homes are made in (created 0755 if missing)
     * @param instance the server the accounts belong to: {@link #removeStale()} removes only its own
     */
    public LinuxTemporaryAccounts(Path homeBase, ServerInstance instance) {
        this(homeBase, instance, homeBase.toAbsolutePath().getParent().resolve(CURSOR_FILE));
    }

    /**
     * @param cursor the file that keeps the next id to hand out (the server's state directory, so that it survives
     *               restarts and reboots)
     */
    public LinuxTemporaryAccounts(Path homeBase, ServerInstance instance, Path cursor) {
        this.homeBase = Objects.requireNonNull(homeBase, "homeBase").toAbsolutePath();
        this.cursor = Objects.requireNonNull(cursor, "cursor").toAbsolutePath();
        this.instancePrefix = MARKER + "(" + instance.tag() + ") for ";
    }

    @Override
    public OsIdentity create(String caller, List<String> groups) throws IOException {
        Objects.requireNonNull(caller, "caller");
        for (String group : groups) {
            if (group.isEmpty() || !group.matches("[A-Za-z0-9._][A-Za-z0-9._-]*\\$?")) {
                throw new IOException("not a group name: " + group);
            }
        }
        Files.createDirectories(homeBase);
        String suffix = sanitise(caller);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String name = name(counter.incrementAndGet(), suffix);
            if (PosixAccounts.lookup(name).isPresent()) {
                continue;
            }
            Path home = homeBase.resolve(name);
            int id = nextId();
            Result group = run(List.of("/usr/sbin/groupadd", "--system", "--gid", Integer.toString(id), name));
            if (group.code() == NAME_IN_USE || group.code() == GID_IN_USE) {
                continue;
            }
            if (group.code() != 0) {
                throw new IOException("groupadd " + name + " failed (" + group.code() + "): " + group.output());
            }
            List<String> command = new ArrayList<>(List.of("/usr/sbin/useradd", "--system", "--no-create-home",
                    "--uid", Integer.toString(id), "--gid", Integer.toString(id), "--no-user-group",
                    "--shell", "/usr/sbin/nologin", "--home-dir", home.toString(),
                    "--comment", instancePrefix + comment(caller)));
            if (!groups.isEmpty()) {
                command.add("--groups");
                command.add(String.join(",", groups));
            }
            command.add(name);
            Result result = run(command);
            if (result.code() == NAME_IN_USE || result.code() == UID_IN_USE) {
                deleteGroup(name);
                continue;
            }
            if (result.code() != 0) {
                deleteGroup(name);
                throw new IOException("useradd " + name + " failed (" + result.code() + "): " + result.output());
            }
            try {
                OsIdentity created = PosixAccounts.lookup(name)
                        .orElseThrow(() -> new IOException("useradd made " + name + " but it cannot be looked up"));
                makeHome(home, created);
                return created;
            } catch (IOException | RuntimeException e) {
                deleteAccount(name);
                deleteGroup(name);
                deleteTree(home);
                throw e;
            }
        }
        throw new IOException("no free temporary account name for " + caller);
    }

    /** Kills every process of the account (by real, effective, saved or file-system uid), deletes it and its home. */
    @Override
    public void remove(OsIdentity account) throws IOException {
        if (account.isRoot() || !account.name().startsWith(NAME_PREFIX) || account.name().contains("/")
                || !ours(account)) {
            throw new IOException("not a temporary account: " + account.name());
        }
        killProcessesOf(account.uid());
        deleteAccount(account.name());
        deleteGroup(account.name());
        killProcessesOf(account.uid());
        deleteTree(homeBase.resolve(account.name()));
    }

    /**
     * The next id of the range, from the cursor file (created at {@link #FIRST_ID}); skips ids that have an account,
     * a group or a process. Serialised with the account tools.
     */
    private int nextId() throws IOException {
        synchronized (TOOL_LOCK) {
            int candidate = FIRST_ID;
            try {
                String text = Files.readString(cursor, StandardCharsets.US_ASCII).strip();
                candidate = Integer.parseInt(text);
            } catch (NoSuchFileException e) {
                // first account: start of the range
            } catch (NumberFormatException e) {
                throw new IOException(cursor + " does not hold an id: delete it to start the range again");
            }
            for (int tries = 0; tries <= LAST_ID - FIRST_ID; tries++) {
                if (candidate < FIRST_ID || candidate > LAST_ID) {
                    candidate = FIRST_ID;
                }
                int id = candidate++;
                if (new PosixAccounts().byUid(id).isEmpty() && PosixAccounts.groupName(id).isEmpty()
                        && processesOf(id).isEmpty()) {
                    Files.createDirectories(cursor.getParent());
                    AtomicFiles.write(cursor, Integer.toString(candidate).getBytes(StandardCharsets.US_ASCII), true);
                    return id;
                }
            }
            throw new IOException("every id from " + FIRST_ID + " to " + LAST_ID + " is in use");
        }
    }

    /**
     * Removes every account this server instance left behind when it crashed (recognised by the comment
     * {@code OpenWinRM temporary account (<tag>) for <caller>} in {@code /etc/passwd}); other instances' accounts are
     * left alone. Returns their names.
     */
    public List<String> removeStale() throws IOException {
        List<String> removed = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
            String[] f = line.split(":", -1);
            if (f.length >= 7 && f[0].startsWith(NAME_PREFIX) && f[4].startsWith(instancePrefix)) {
                int uid = Integer.parseInt(f[2]);
                killProcessesOf(uid);
                deleteAccount(f[0]);
                deleteGroup(f[0]);
                killProcessesOf(uid);
                deleteTree(homeBase.resolve(f[0]));
                removed.add(f[0]);
            }
        }
        return removed;
    }

    /** Whether the account's passwd line, if it still exists, carries our comment and the same uid. */
    private static boolean ours(OsIdentity account) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
            String[] f = line.split(":", -1);
            if (f.length >= 7 && f[0].equals(account.name())) {
                return f[4].startsWith(MARKER) && f[2].equals(Integer.toString(account.uid()));
            }
        }
        return true; // already removed
    }

    /** {@code owva<n>_<caller>}, cut to 32 characters. */
    static String name(int n, String sanitisedCaller) {
        String name = NAME_PREFIX + n + "_" + sanitisedCaller;
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /** The caller in lower case without a {@code DOMAIN\} prefix or {@code @REALM}; other characters become _. */
    static String sanitise(String caller) {
        String user = LoginShells.userName(caller).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(user.length());
        for (char c : user.toCharArray()) {
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ? c : '_');
        }
        return out.length() == 0 ? "user" : out.toString();
    }

    /** The caller as it may stand in a GECOS field (no colon, comma or control characters). */
    private static String comment(String caller) {
        StringBuilder out = new StringBuilder(caller.length());
        for (char c : caller.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f || c == ':' || c == ',' || c == '=' ? '_' : c);
        }
        return out.toString();
    }

    private static void makeHome(Path home, OsIdentity account) throws IOException {
        Files.createDirectory(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            LibC.INSTANCE.chown(home.toString(), account.uid(), account.gid());
            LibC.INSTANCE.chmod(home.toString(), 0700);
        } catch (RuntimeException e) {
            throw new IOException("cannot give " + home + " to " + account.name() + ": " + e.getMessage(), e);
        }
    }

    private static void deleteGroup(String name) throws IOException {
        Result result = run(List.of("/usr/sbin/groupdel", name));
        if (result.code() != 0 && result.code() != NO_SUCH_GROUP) {
            throw new IOException("groupdel " + name + " failed (" + result.code() + "): " + result.output());
        }
    }

    private static void deleteAccount(String name) throws IOException {
        Result result = run(List.of("/usr/sbin/userdel", name));
        if (result.code() != 0 && result.code() != NO_SUCH_USER) {
            throw new IOException("userdel " + name + " failed (" + result.code() + "): " + result.output());
        }
    }

    /** SIGKILL to every process whose real, effective, saved or file-system uid is {@code uid}, until none is left. */
    static void killProcessesOf(int uid) {
        for (int round = 0; round < 100; round++) {
            List<Integer> pids = processesOf(uid);
            if (pids.isEmpty()) {
                return;
            }
            ProcessTable.killAll(pids, 9);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Live (non-zombie) processes of {@code uid}, from {@code /proc/<pid>/status}. */
    static List<Integer> processesOf(int uid) {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    boolean mine = false;
                    boolean zombie = false;
                    for (String line : Files.readAllLines(dir.resolve("status"))) {
                        if (line.startsWith("State:")) {
                            zombie = line.contains("Z");
                        } else if (line.startsWith("Uid:")) {
                            for (String id : line.substring(4).trim().split("\\s+")) {
                                mine |= Integer.parseInt(id) == uid;
                            }
                            break;
                        }
                    }
                    if (mine && !zombie) {
                        pids.add(Integer.parseInt(dir.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return pids;
    }

    private record Result(int code, String output) {
    }

    /** Runs a shadow-utils tool, one at a time, retrying while the password file is locked by someone else. */
    private static Result run(List<String> command) throws IOException {
        synchronized (TOOL_LOCK) {
            for (int attempt = 0; ; attempt++) {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                try {
                    if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        throw new IOException(command.get(0) + " did not finish");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                    throw new IOException(command.get(0) + " interrupted", e);
                }
                if (process.exitValue() != CANNOT_LOCK || attempt >= 20) {
                    return new Result(process.exitValue(), output);
                }
                try {
                    Thread.sleep(50L * (attempt + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(command.get(0) + " interrupted", e);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException gone) {
                    // raced
                }
            }
        }
    }
}
