package io.openwinrm.os;

import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.command.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox of one shell on Linux, enforcing WinRM's MaxProcessesPerShell and MaxMemoryPerShellMB ([MS-WSMV]
 * 2.2.4.42) for all its commands together.
 *
 * <p>Preferably a control group {@code openwinrm/<name>}: with cgroup v2 one group with {@code pids.max},
 * {@code memory.max} and {@code memory.swap.max 0}; with cgroup v1 a group in the {@code pids} hierarchy
 * ({@code pids.max}) and one in the {@code memory} hierarchy ({@code memory.limit_in_bytes}, and
 * {@code memory.memsw.limit_in_bytes} where swap is accounted). Every process joins before it can fork: the first
 * link of its launch chain is a root {@code /bin/sh} that writes its own pid to the groups' {@code cgroup.procs} and
 * execs the rest ({@link #joinCommand()}); children inherit the group, even those that leave their session. Limit
 * hits are counted by the kernel: {@code pids.events max} and the {@code oom_kill} count of {@code memory.events}
 * (v2) or {@code memory.oom_control} (v1).
 *
 * <p>Where no usable hierarchy is writable, per-process resource limits stand in (util-linux {@code prlimit}:
 * {@code RLIMIT_NPROC}, which counts every process of the account, and {@code RLIMIT_AS} per process). They are
 * approximate: limit hits are not counted and {@link #killAll()} cannot find processes. Thread-safe.
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
    private final Optional<ProcessView> view;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LinuxSandbox(String name, ResourceLimits limits, List<Path> groups, Optional<Path> pidsEvents,
                         Optional<Path> memoryEvents, String oomKey, List<String> join) {
        this(name, limits, groups, pidsEvents, memoryEvents, oomKey, join, Optional.empty());
    }

    private LinuxSandbox(String name, ResourceLimits limits, List<Path> groups, Optional<Path> pidsEvents,
                         Optional<Path> memoryEvents, String oomKey, List<String> join, Optional<ProcessView> view) {
        this.view = view;
        this.name = name;
        this.limits = limits;
        this.groups = List.copyOf(groups);
        this.pidsEvents = pidsEvents;
        this.memoryEvents = memoryEvents;
        this.oomKey = oomKey;
        this.join = List.copyOf(join);
    }

    /**
     * A sandbox for the shell {@code name} enforcing {@code limits} (if any) and, with {@code privateProcessView},
     * showing its processes a {@code /proc} without other users' processes ({@link ProcessView}).
     *
     * @throws IOException if the limits cannot be enforced or the view cannot be made
     */
    public static LinuxSandbox create(String name, ResourceLimits limits, boolean privateProcessView)
            throws IOException {
        return create(ServerInstance.DEFAULT, name, limits, privateProcessView);
    }

    /** As {@link #create(String, ResourceLimits, boolean)}, the control groups under {@code instance}'s parent. */
    public static LinuxSandbox create(ServerInstance instance, String name, ResourceLimits limits,
                                      boolean privateProcessView) throws IOException {
        LinuxSandbox box = limits.needsSandbox()
                ? create(DEFAULT_CGROUP_MOUNT, instance.cgroupParent(), DEFAULT_PRLIMIT, name, limits)
                : new LinuxSandbox(name, limits, List.of(), Optional.empty(), Optional.empty(), "", List.of());
        if (!privateProcessView) {
            return box;
        }
        try {
            return new LinuxSandbox(box.name, box.limits, box.groups, box.pidsEvents, box.memoryEvents, box.oomKey,
                    box.join, Optional.of(ProcessView.start()));
        } catch (IOException | RuntimeException e) {
            box.close();
            throw e;
        }
    }

    /** {@link #create(Path, Path, String, ResourceLimits)} with the default mount point and prlimit. */
    public static LinuxSandbox create(String name, ResourceLimits limits) throws IOException {
        return create(DEFAULT_CGROUP_MOUNT, DEFAULT_PRLIMIT, name, limits);
    }

    /**
     * A sandbox for the shell {@code name} enforcing {@code limits}.
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
     * The argv prefix that puts a process into this sandbox (its control groups, then its private {@code /proc}) and
     * execs the rest of the command in place. Runs as root: it must come before the switch to the account.
     */
    List<String> joinCommand() throws IOException {
        if (closed.get()) {
            throw new IOException("the sandbox of shell " + name + " is closed");
        }
        if (view.isEmpty()) {
            return join;
        }
        List<String> all = new ArrayList<>(join);
        all.addAll(view.get().enterCommand());
        return all;
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
    public void killAll() {
        ControlGroups.killAll(groups);
    }

    /** Kills what is left and removes the groups. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        killAll();
        for (Path group : groups) {
            if (!ControlGroups.remove(group)) {
                LOG.warn("could not remove control group {}", group);
            }
        }
        view.ifPresent(ProcessView::close);
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
