package io.openwinrm.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The control-group hierarchies mounted under one directory (normally {@code /sys/fs/cgroup}): either the unified
 * cgroup v2 hierarchy ({@code cgroup.controllers} at the mount point) or the v1 {@code pids} and {@code memory}
 * hierarchies; a v2 hierarchy mounted elsewhere (the hybrid layout's {@code unified}) carries no controllers and is
 * ignored. Every OpenWinRM group lives under an {@code openwinrm} parent, one child per shell. The file formats are
 * those of the kernel's cgroup-v1 and cgroup-v2 documentation (Documentation/admin-guide/cgroup-v2.rst).
 */
final class ControlGroups {

    static final String PARENT = "openwinrm";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int SIGKILL = 9;
    private static final int KILL_ROUNDS = 200;
    private static final int REMOVE_ROUNDS = 40;

    private final Path mount;
    private final boolean unified;
    private final String parent;

    private ControlGroups(Path mount, boolean unified, String parent) {
        this.mount = mount;
        this.unified = unified;
        this.parent = checkName(parent);
    }

    /**
     * The hierarchies under {@code mount}; empty if there are none this process could use.
     *
     * @param parent the group holding one child per shell ({@value #PARENT} in production)
     */
    static Optional<ControlGroups> at(Path mount, String parent) {
        if (Files.isRegularFile(mount.resolve("cgroup.controllers"))) {
            return Optional.of(new ControlGroups(mount, true, parent));
        }
        if (Files.isRegularFile(mount.resolve("pids").resolve("cgroup.procs"))) {
            return Optional.of(new ControlGroups(mount, false, parent));
        }
        return Optional.empty();
    }

    boolean unified() {
        return unified;
    }

    /** Rejects names that are not a single safe path element. */
    static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a usable sandbox name: " + name);
        }
        return name;
    }

    /**
     * Creates the groups of one shell (v2: one group with pids and memory enabled from the root down; v1: one group in
     * the pids hierarchy and, if {@code memoryBytes > 0}, one in the memory hierarchy) and sets the limits.
     *
     * @param maxProcesses 0 for no process limit
     * @param memoryBytes  0 for no memory limit
     * @return the created group directories, the pids one first
     * @throws IOException if a group cannot be created or a limit cannot be set (what was created is removed)
     */
    List<Path> create(String name, int maxProcesses, long memoryBytes) throws IOException {
        checkName(name);
        List<Path> created = new ArrayList<>();
        try {
            if (unified) {
                Set<String> available = Set.of(Files.readString(mount.resolve("cgroup.controllers")).trim()
                        .split("\\s+"));
                List<String> needed = new ArrayList<>();
                if (maxProcesses > 0) {
                    needed.add("pids");
                }
                if (memoryBytes > 0) {
                    needed.add("memory");
                }
                if (!available.containsAll(needed)) {
                    throw new IOException("cgroup v2 at " + mount + " lacks controllers " + needed);
                }
                Path top = mount.resolve(parent);
                enable(mount, needed);
                mkdirs(top);
                enable(top, needed);
                Path group = top.resolve(name);
                Files.createDirectory(group);
                created.add(group);
                if (maxProcesses > 0) {
                    write(group.resolve("pids.max"), Integer.toString(maxProcesses));
                }
                if (memoryBytes > 0) {
                    write(group.resolve("memory.max"), Long.toString(memoryBytes));
                    writeIfPresent(group.resolve("memory.swap.max"), "0");
                }
            } else {
                Path pids = mount.resolve("pids").resolve(parent);
                mkdirs(pids);
                Path group = pids.resolve(name);
                Files.createDirectory(group);
                created.add(group);
                if (maxProcesses > 0) {
                    write(group.resolve("pids.max"), Integer.toString(maxProcesses));
                }
                if (memoryBytes > 0) {
                    Path memory = mount.resolve("memory");
                    if (!Files.isRegularFile(memory.resolve("cgroup.procs"))) {
                        throw new IOException("no cgroup v1 memory hierarchy at " + memory);
                    }
                    Path memoryGroup = memory.resolve(parent).resolve(name);
                    mkdirs(memoryGroup.getParent());
                    Files.createDirectory(memoryGroup);
                    created.add(memoryGroup);
                    write(memoryGroup.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
                    writeIfPresent(memoryGroup.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes));
                }
            }
            return created;
        } catch (IOException | RuntimeException e) {
            for (int i = created.size() - 1; i >= 0; i--) {
                remove(created.get(i));
            }
            throw e;
        }
    }

    /** Kills and removes every group under the parents; returns the names of the removed groups. */
    List<String> removeAll() {
        List<Path> tops = unified
                ? List.of(mount.resolve(parent))
                : List.of(mount.resolve("pids").resolve(parent), mount.resolve("memory").resolve(parent));
        Set<String> removed = new LinkedHashSet<>();
        for (Path top : tops) {
            if (!Files.isDirectory(top)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(top, Files::isDirectory)) {
                for (Path child : children) {
                    if (remove(child)) {
                        removed.add(child.getFileName().toString());
                    }
                }
            } catch (IOException e) {
                // parent vanished meanwhile
            }
        }
        return List.copyOf(removed);
    }

    /** Kills every member of {@code groups} until none is left (v2: {@code cgroup.kill} first, where present). */
    static void killAll(List<Path> groups) {
        for (int round = 0; round < KILL_ROUNDS; round++) {
            List<Integer> members = new ArrayList<>();
            for (Path group : groups) {
                members.addAll(members(group));
            }
            if (members.isEmpty()) {
                return;
            }
            if (round == 0) {
                groups.forEach(group -> writeIfPresent(group.resolve("cgroup.kill"), "1"));
            }
            ProcessTable.killAll(members, SIGKILL);
            pause();
        }
    }

    /** Kills the members of {@code group} and removes it; whether it is gone. */
    static boolean remove(Path group) {
        killAll(List.of(group));
        for (int round = 0; round < REMOVE_ROUNDS; round++) {
            try {
                Files.deleteIfExists(group);
                return true;
            } catch (IOException busy) {
                // exiting members are not yet gone
                killAll(List.of(group));
                pause();
            }
        }
        return false;
    }

    /** The pids in {@code cgroup.procs}; empty if the group is gone. */
    static List<Integer> members(Path group) {
        List<Integer> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(group.resolve("cgroup.procs"))) {
                if (!line.isBlank()) {
                    pids.add(Integer.parseInt(line.trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return pids;
        }
        return pids;
    }

    /** The value of {@code key} in a flat-keyed file ({@code pids.events}, {@code memory.events}...); 0 if absent. */
    static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].equals(key)) {
                    return Long.parseLong(f[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static void enable(Path group, List<String> controllers) throws IOException {
        for (String controller : controllers) {
            write(group.resolve("cgroup.subtree_control"), "+" + controller);
        }
    }

    private static void mkdirs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException raced) {
                // another shell created it meanwhile
            }
        }
    }

    static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardOpenOption.WRITE);
    }

    private static void writeIfPresent(Path file, String value) {
        try {
            write(file, value);
        } catch (NoSuchFileException absent) {
            // not supported by this kernel or configuration
        } catch (IOException e) {
            // e.g. swap accounting disabled: the memory limit alone holds
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
