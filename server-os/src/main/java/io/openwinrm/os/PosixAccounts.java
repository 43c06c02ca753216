package io.openwinrm.os;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.openwinrm.server.identity.AccountDirectory;
import io.openwinrm.server.identity.OsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passwd and group databases through libc (getpwnam_r(3), getpwuid_r, getgrouplist(3), getgrgid_r), so that NSS
 * sources (LDAP, SSSD, winbind) count like {@code /etc/passwd}. Lookups are cached for a few seconds, negative ones
 * included, so that a lookup per request stays cheap while a new or removed account is seen soon. Thread-safe.
 */
public final class PosixAccounts implements AccountDirectory {

    /** How long a lookup is reused. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    private static final Path FALLBACK_SHELL = Path.of("/bin/sh");
    private static final int CAP_KILL = 5;
    private static final int CAP_SETGID = 6;
    private static final int CAP_SETUID = 7;
    private static final int MAX_CACHED = 1024;
    private static final long MAX_BUFFER = 1 << 20;

    private record Cached(Optional<OsIdentity> identity, Instant expires) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> byName = new ConcurrentHashMap<>();

    /** Caches for {@link #DEFAULT_TTL}. */
    public PosixAccounts() {
        this(DEFAULT_TTL, Clock.systemUTC());
    }

    /** @param ttl how long a lookup is reused ({@link Duration#ZERO}: never) */
    public PosixAccounts(Duration ttl, Clock clock) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<OsIdentity> find(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Cached cached = byName.get(name);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.identity();
        }
        Optional<OsIdentity> identity = lookup(name);
        if (byName.size() >= MAX_CACHED) {
            byName.clear();
        }
        byName.put(name, new Cached(identity, now.plus(ttl)));
        return identity;
    }

    /** The cached answer of {@link #find}, while it is fresh. */
    @Override
    public Optional<Optional<OsIdentity>> cached(String name) {
        Cached cached = byName.get(name);
        return cached != null && clock.instant().isBefore(cached.expires()) ? Optional.of(cached.identity())
                : Optional.empty();
    }

    /**
     * The account of the server's effective uid; if it has no passwd entry, a nameless one ({@code uid} as its name,
     * {@code /} as home).
     */
    @Override
    public OsIdentity self() {
        int uid = LibC.INSTANCE.geteuid();
        return byUid(uid).orElseGet(() -> new OsIdentity(Integer.toString(uid), uid, uid, List.of(uid), List.of(),
                Path.of("/"), FALLBACK_SHELL));
    }

    /** Effective uid 0, or CAP_SETUID, CAP_SETGID and CAP_KILL in the effective set ({@code /proc/self/status}). */
    @Override
    public boolean canSwitchUsers() {
        if (LibC.INSTANCE.geteuid() == 0) {
            return true;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    long needed = (1L << CAP_KILL) | (1L << CAP_SETGID) | (1L << CAP_SETUID);
                    return (caps & needed) == needed;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    /** The account with {@code uid}, uncached. */
    public Optional<OsIdentity> byUid(int uid) {
        return passwd(null, uid).map(PosixAccounts::complete);
    }

    /** The gid of the named group (getgrnam_r), uncached. */
    public static Optional<Integer> groupId(String name) {
        for (long size = 1024; size <= MAX_BUFFER; size *= 4) {
            Memory buffer = new Memory(size);
            LibC.Group group = new LibC.Group();
            PointerByReference result = new PointerByReference();
            int error = LibC.INSTANCE.getgrnam_r(name, group, buffer, size, result);
            if (error == LibC.ERANGE) {
                continue;
            }
            return error == 0 && result.getValue() != null ? Optional.of(group.gr_gid) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Uncached lookup by name. */
    static Optional<OsIdentity> lookup(String name) {
        return passwd(name, -1).map(PosixAccounts::complete);
    }

    private record Entry(String name, int uid, int gid, String home, String shell) {
    }

    /** getpwnam_r when {@code name} is non-null, else getpwuid_r; the strings are copied before the buffer goes. */
    private static Optional<Entry> passwd(String name, int uid) {
        for (long size = 1024; size <= MAX_BUFFER; size *= 4) {
            Memory buffer = new Memory(size);
            LibC.Passwd pwd = new LibC.Passwd();
            PointerByReference result = new PointerByReference();
            int error = name != null
                    ? LibC.INSTANCE.getpwnam_r(name, pwd, buffer, size, result)
                    : LibC.INSTANCE.getpwuid_r(uid, pwd, buffer, size, result);
            if (error == LibC.ERANGE) {
                continue;
            }
            if (error != 0 || result.getValue() == null) {
                return Optional.empty();
            }
            pwd.read();
            return Optional.of(new Entry(pwd.pw_name, pwd.pw_uid, pwd.pw_gid, pwd.pw_dir, pwd.pw_shell));
        }
        return Optional.empty();
    }

    private static OsIdentity complete(Entry entry) {
        Set<Integer> ids = new LinkedHashSet<>();
        ids.add(entry.gid());
        for (int gid : groupList(entry.name(), entry.gid())) {
            ids.add(gid);
        }
        List<String> names = new ArrayList<>(ids.size());
        for (int gid : ids) {
            groupName(gid).ifPresent(names::add);
        }
        String home = entry.home() == null || entry.home().isEmpty() ? "/" : entry.home();
        String shell = entry.shell() == null || entry.shell().isEmpty() ? FALLBACK_SHELL.toString() : entry.shell();
        return new OsIdentity(entry.name(), entry.uid(), entry.gid(), List.copyOf(ids), names, Path.of(home),
                Path.of(shell));
    }

    private static int[] groupList(String user, int gid) {
        int[] groups = new int[32];
        for (int attempt = 0; attempt < 4; attempt++) {
            IntByReference count = new IntByReference(groups.length);
            int n = LibC.INSTANCE.getgrouplist(user, gid, groups, count);
            if (n >= 0) {
                int[] exact = new int[n];
                System.arraycopy(groups, 0, exact, 0, n);
                return exact;
            }
            groups = new int[Math.max(count.getValue(), groups.length * 2)];
        }
        return new int[] {gid};
    }

    /** The name of the group {@code gid} (getgrgid_r), uncached. */
    static Optional<String> groupName(int gid) {
        for (long size = 1024; size <= MAX_BUFFER; size *= 4) {
            Memory buffer = new Memory(size);
            LibC.Group group = new LibC.Group();
            PointerByReference result = new PointerByReference();
            int error = LibC.INSTANCE.getgrgid_r(gid, group, buffer, size, result);
            if (error == LibC.ERANGE) {
                continue;
            }
            if (error != 0 || result.getValue() == null) {
                return Optional.empty();
            }
            group.read();
            return Optional.ofNullable(group.gr_name);
        }
        return Optional.empty();
    }
}
