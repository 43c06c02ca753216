package io.openwinrm.os;

import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.command.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox of one shell on Linux: its {@link ShellSupervisor} (which kills every process of the shell when the
 * shell closes or the server dies, and holds the shell's private namespaces), and the limits WinRM's
 * MaxProcessesPerShell and MaxMemoryPerShellMB ([MS-WSMV] 2.2.4.42) set for all its commands together.
 *
 * <p>Preferably a control group {@code openwinrm-<instance>/<name>}: with cgroup v2 one group with {@code pids.max},
 * {@code memory.max} and {@code memory.swap.max 0}; with cgroup v1 a group in the {@code pids} hierarchy
 * ({@code pids.max}) and one in the {@code memory} hierarchy ({@code memory.limit_in_bytes}, and
 * {@code memory.memsw.limit_in_bytes} where swap is accounted). A server that switches accounts gives the shell of
 * every account that is not an administrator a group even without limits, so that the supervisor can find every
 * process of the shell, including those that left their command's process group or session. Every process joins before it can fork: the first link of its launch
 * chain after {@code setsid} is a root {@code /bin/sh} that writes its own pid to the groups' {@code cgroup.procs}
 * and execs the rest ({@link #joinCommand()}); children inherit the group. Limit hits are counted by the kernel:
 * {@code pids.events max} and the {@code oom_kill} count of {@code memory.events} (v2) or
 * {@code memory.oom_control} (v1).
 *
 * <p>Where no usable hierarchy is writable, per-process resource limits stand in for the limits (util-linux
 * {@code prlimit}: {@code RLIMIT_NPROC}, which counts every process of the account, and {@code RLIMIT_AS} per
 * process). They are approximate: limit hits are not counted, and the supervisor then kills the command process
 * groups the launcher tells it about ({@link #track}). Thread-safe.
 */
public final class LinuxSandbox implements Sandbox {

    /** Where the control-group hierarchies are mounted. */
    public static final Path DEFAULT_CGROUP_MOUNT = Path.of("/sys/fs/cgroup");
    /** util-linux prlimit(1). */
    public static final Path DEFAULT_PRLIMIT = Path.of("/usr/bin/prlimit");

    private static final Logger LOG = LoggerFactory.getLogger(LinuxSandbox.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final long MIB = 1024 * 1024;

    /** Moves the shell itself into each group named before {@code --}, then execs what follows it. */
    private static final String JOIN = "while [ \"$1\" != -- ]; do echo $$ >\"$1\" || exit 125; shift; done; "
            + "shift; exec \"$@\"";

    private final String name;
    private final ResourceLimits limits;
    private final List<Path> groups;
    private final Optional<Path> pidsEvents;
    private final Optional<Path> memoryEvents;
    private final String oomKey;
    private final List<String> join;
    private final Optional<ShellSupervisor> supervisor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Optional<CredentialCache> credentialCache = Optional.empty();

    /** A shell's private credential cache and who removes it. */
    private record CredentialCache(CredentialCaches caches, Path file) {
    }

    private LinuxSandbox(String name, ResourceLimits limits, List<Path> groups, Optional<Path> pidsEvents,
                         Optional<Path> memoryEvents, String oomKey, List<String> join) {
        this(name, limits, groups, pidsEvents, memoryEvents, oomKey, join, Optional.empty());
    }

    private LinuxSandbox(String name, ResourceLimits limits, List<Path> groups, Optional<Path> pidsEvents,
                         Optional<Path> memoryEvents, String oomKey, List<String> join,
                         Optional<ShellSupervisor> supervisor) {
        this.supervisor = supervisor;
        this.name = name;
        this.limits = limits;
        this.groups = List.copyOf(groups);
        this.pidsEvents = pidsEvents;
        this.memoryEvents = memoryEvents;
        this.oomKey = oomKey;
        this.join = List.copyOf(join);
    }

    /**
     * The sandbox of one shell as {@code spec} asks, with its supervisor.
     *
     * @param track give the shell a control group even without limits (a non-administrator's shell on a server that
     *              switches accounts)
     * @throws IOException if the limits cannot be enforced or the namespaces cannot be made
     */
    public static LinuxSandbox create(ServerInstance instance, SandboxSpec spec, boolean track) throws IOException {
        return create(instance, spec, track, null);
    }

    /**
     * As {@link #create(ServerInstance, SandboxSpec, boolean)}, writing the spec's delegated credentials (if any) to
     * a private cache in {@code caches}.
     */
    static LinuxSandbox create(ServerInstance instance, SandboxSpec spec, boolean track, CredentialCaches caches)
            throws IOException {
        LinuxSandbox sandbox = create0(instance, spec, track);
        if (spec.credentials().isPresent() && caches != null) {
            try {
                sandbox.credentialCache = Optional.of(new CredentialCache(caches,
                        caches.write(spec.name(), spec.credentials().get())));
            } catch (IOException | RuntimeException e) {
                sandbox.close();
                throw e;
            }
        }
        return sandbox;
    }

    private static LinuxSandbox create0(ServerInstance instance, SandboxSpec spec, boolean track)
            throws IOException {
        ResourceLimits limits = spec.limits();
        LinuxSandbox box;
        if (limits.needsSandbox()) {
            box = create(DEFAULT_CGROUP_MOUNT, instance.cgroupParent(), DEFAULT_PRLIMIT, spec.name(), limits);
        } else if (track) {
            box = tracking(DEFAULT_CGROUP_MOUNT, instance.cgroupParent(), spec.name());
        } else {
            box = new LinuxSandbox(spec.name(), limits, List.of(), Optional.empty(), Optional.empty(), "", List.of());
        }
        try {
            ShellSupervisor supervisor = ShellSupervisor.start(new ShellSupervisor.Namespaces(
                    spec.hideOtherUsersProcesses(), spec.privateTemporaryFiles()), box.groups);
            return new LinuxSandbox(box.name, box.limits, box.groups, box.pidsEvents, box.memoryEvents, box.oomKey,
                    box.join, Optional.of(supervisor));
        } catch (IOException | RuntimeException e) {
            box.close();
            throw e;
        }
    }

    /** A group without limits, only to find the shell's processes; none (with a warning) where groups are unusable. */
    private static LinuxSandbox tracking(Path mount, String parent, String name) {
        ControlGroups.checkName(name);
        Optional<ControlGroups> hierarchy = ControlGroups.at(mount, parent);
        String why = "no cgroup hierarchy under " + mount;
        if (hierarchy.isPresent()) {
            try {
                return inGroups(hierarchy.get(), name, ResourceLimits.NONE, 0);
            } catch (IOException e) {
                why = e.getMessage();
            }
        }
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("control groups unavailable ({}); a shell's processes are found by their process groups, and "
                    + "one that leaves its process group can outlive its shell", why);
        }
        return new LinuxSandbox(name, ResourceLimits.NONE, List.of(), Optional.empty(), Optional.empty(), "",
                List.of());
    }

    /** {@link #create(Path, Path, String, ResourceLimits)} with the default mount point and prlimit. */
    public static LinuxSandbox create(String name, ResourceLimits limits) throws IOException {
        return create(DEFAULT_CGROUP_MOUNT, DEFAULT_PRLIMIT, name, limits);
    }

    /**
     * A sandbox for the shell {@code name} enforcing {@code limits}, without a supervisor (tests).
     *
     * @param mount   where the cgroup hierarchies are mounted
     * @param prlimit util-linux prlimit(1), the fallback
     * @param name    unique among open shells; letters, digits, {@code .}, {@code _} and {@code -}
     * @throws IllegalArgumentException if {@code name} is not usable as a group name
     * @throws IOException              if neither a control group nor resource limits can be had
     */
    public static LinuxSandbox create(Path mount, Path prlimit, String name, ResourceLimits limits)
            throws IOException {
        return create(mount, ControlGroups.PARENT, prlimit, name, limits);
    }

    /** As {@link #create(Path, Path, String, ResourceLimits)} under another parent group (tests). */
    static LinuxSandbox create(Path mount, String parent, Path prlimit, String name, ResourceLimits limits)
            throws IOException {
        Objects.requireNonNull(limits, "limits");
        ControlGroups.checkName(name);
        long memoryBytes = Math.multiplyExact(limits.maxMemoryMb(), MIB);
        Optional<ControlGroups> hierarchy = ControlGroups.at(mount, parent);
        IOException cgroupFailure = new IOException("no cgroup hierarchy under " + mount);
        if (hierarchy.isPresent()) {
            try {
                return inGroups(hierarchy.get(), name, limits, memoryBytes);
            } catch (IOException e) {
                cgroupFailure = e;
            }
        }
        if (!Files.isExecutable(prlimit)) {
            IOException e = new IOException("cannot enforce " + describe(limits) + ": no writable cgroup hierarchy ("
                    + cgroupFailure.getMessage() + ") and " + prlimit + " is not executable");
            e.addSuppressed(cgroupFailure);
            throw e;
        }
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("control groups unavailable ({}); shell limits fall back to per-process rlimits and are "
                    + "approximate: RLIMIT_NPROC counts every process of the account, RLIMIT_AS each process alone, "
                    + "and limit hits are not reported", cgroupFailure.getMessage());
        } else {
            LOG.debug("control groups unavailable for {}: {}", name, cgroupFailure.getMessage());
        }
        List<String> join = new ArrayList<>();
        join.add(prlimit.toString());
        if (limits.maxProcesses() > 0) {
            join.add("--nproc=" + limits.maxProcesses());
        }
        if (memoryBytes > 0) {
            join.add("--as=" + memoryBytes);
        }
        join.add("--");
        return new LinuxSandbox(name, limits, List.of(), Optional.empty(), Optional.empty(), "", join);
    }

    private static LinuxSandbox inGroups(ControlGroups hierarchy, String name, ResourceLimits limits,
                                         long memoryBytes) throws IOException {
        List<Path> groups = hierarchy.create(name, limits.maxProcesses(), memoryBytes);
        List<String> join = new ArrayList<>(List.of("/bin/sh", "-c", JOIN, "sh"));
        groups.forEach(group -> join.add(group.resolve("cgroup.procs").toString()));
        join.add("--");
        Path pids = groups.get(0);
        Optional<Path> pidsEvents = Optional.of(pids.resolve("pids.events")).filter(Files::isRegularFile);
        Optional<Path> memoryEvents;
        String oomKey = "oom_kill";
        if (memoryBytes == 0) {
            memoryEvents = Optional.empty();
        } else if (hierarchy.unified()) {
            memoryEvents = Optional.of(pids.resolve("memory.events"));
        } else {
            memoryEvents = Optional.of(groups.get(1).resolve("memory.oom_control"));
        }
        return new LinuxSandbox(name, limits, groups, pidsEvents, memoryEvents, oomKey, join);
    }

    /**
     * Removes the groups a crashed server left behind, killing their processes: call once at start, before any shell
     * exists, with the default mount point. Returns the names of the removed groups.
     */
    public static List<String> removeStale() {
        return removeStale(DEFAULT_CGROUP_MOUNT);
    }

    /** {@link #removeStale()} of {@code instance}'s groups only: other servers' shells are left alone. */
    public static List<String> removeStale(ServerInstance instance) {
        return removeStale(DEFAULT_CGROUP_MOUNT, instance.cgroupParent());
    }

    /** {@link #removeStale()} under {@code mount}. */
    public static List<String> removeStale(Path mount) {
        return removeStale(mount, ControlGroups.PARENT);
    }

    static List<String> removeStale(Path mount, String parent) {
        return ControlGroups.at(mount, parent).map(ControlGroups::removeAll).orElse(List.of());
    }

    /** Whether limits are enforced by control groups (else by approximate per-process rlimits). */
    public boolean usesControlGroups() {
        return !groups.isEmpty();
    }

    /**
     * The argv prefix that puts a process into this sandbox (its control groups, then its private namespaces) and
     * execs the rest of the command in place. Runs as root: it must come before the switch to the account.
     */
    List<String> joinCommand() throws IOException {
        if (closed.get()) {
            throw new IOException("the sandbox of shell " + name + " is closed");
        }
        if (supervisor.isEmpty()) {
            return join;
        }
        List<String> all = new ArrayList<>(join);
        all.addAll(supervisor.get().enterCommand());
        return all;
    }

    /**
     * Has the supervisor kill the process group {@code pgid} (a command just started) at the end, unless control
     * groups find every process anyway; it is forgotten once {@code exited} completes and the group is empty.
     */
    void track(long pgid, java.util.concurrent.CompletableFuture<?> exited) {
        if (!groups.isEmpty() || supervisor.isEmpty()) {
            return;
        }
        ShellSupervisor s = supervisor.get();
        s.track(pgid);
        exited.whenComplete((ignored, error) -> {
            if (!ProcessTable.groupExists(pgid)) {
                s.forget(pgid);
            }
        });
    }

    @Override
    public long limitEvents() {
        return processLimitHits() + oomKills();
    }

    @Override
    public Optional<String> limitHit() {
        List<String> hits = new ArrayList<>(2);
        if (processLimitHits() > 0) {
            hits.add("MaxProcessesPerShell (" + limits.maxProcesses()
                    + ") was reached: the kernel refused to start a process");
        }
        if (oomKills() > 0) {
            hits.add("MaxMemoryPerShellMB (" + limits.maxMemoryMb() + ") was exceeded: the kernel killed a process");
        }
        return hits.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", hits));
    }

    private long processLimitHits() {
        return limits.maxProcesses() == 0 ? 0 : pidsEvents.map(f -> ControlGroups.counter(f, "max")).orElse(0L);
    }

    private long oomKills() {
        return memoryEvents.map(f -> ControlGroups.counter(f, oomKey)).orElse(0L);
    }

    /** Kills every process in the groups until none is left; does nothing under rlimits (nothing to find). */
    @Override
    public OptionalLong supervisorPid() {
        return supervisor.map(sv -> OptionalLong.of(sv.pid())).orElse(OptionalLong.empty());
    }

    /** {@code memory.current} of the group (cgroup v2), or {@code memory.usage_in_bytes} of the memory group (v1). */
    @Override
    public OptionalLong memoryBytes() {
        for (Path group : groups) {
            for (String file : List.of("memory.current", "memory.usage_in_bytes")) {
                Path f = group.resolve(file);
                if (Files.isReadable(f)) {
                    try {
                        return OptionalLong.of(Long.parseLong(Files.readString(f).strip()));
                    } catch (IOException | NumberFormatException e) {
                        LOG.debug("cannot read {}: {}", f, e.toString());
                    }
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public void killAll() {
        ControlGroups.killAll(groups);
    }

    /** {@code KRB5CCNAME} of the shell's private credential cache, when the client delegated credentials. */
    @Override
    public java.util.Map<String, String> environment() {
        return credentialCache.map(c -> java.util.Map.of("KRB5CCNAME", "FILE:" + c.file()))
                .orElse(java.util.Map.of());
    }

    /** Kills what is left, removes the groups and the credential cache. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        supervisor.ifPresent(ShellSupervisor::close);
        killAll();
        credentialCache.ifPresent(c -> c.caches().remove(c.file()));
        for (Path group : groups) {
            if (Files.isDirectory(group) && !ControlGroups.remove(group)) {
                LOG.warn("could not remove control group {}", group);
            }
        }
    }

    /** The processes currently in the sandbox (empty under rlimits). */
    public List<Long> members() {
        List<Long> members = new ArrayList<>();
        groups.stream().findFirst().ifPresent(g -> ControlGroups.members(g).forEach(p -> members.add((long) p)));
        return members;
    }

    @Override
    public String toString() {
        return "LinuxSandbox[" + name + ", " + describe(limits) + (groups.isEmpty() ? ", rlimits]" : ", " + groups
                + "]");
    }

    private static String describe(ResourceLimits limits) {
        return "MaxProcessesPerShell " + limits.maxProcesses() + ", MaxMemoryPerShellMB " + limits.maxMemoryMb();
    }
}
