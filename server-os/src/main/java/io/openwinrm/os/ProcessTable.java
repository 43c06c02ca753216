package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of Linux {@code /proc}: parent, process group and session of every process, to reach the processes of
 * an interpreter's command (its descendants) or of a terminal session. A process forking while the snapshot is taken
 * may be missed; callers that kill repeat the snapshot.
 */
final class ProcessTable {

    private record Entry(int pid, int ppid, int session) {
    }

    private final List<Entry> entries;

    private ProcessTable(List<Entry> entries) {
        this.entries = entries;
    }

    static ProcessTable snapshot() {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    String text = Files.readString(dir.resolve("stat"));
                    // fields after "(comm)": state ppid pgrp session ...
                    String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ", 5);
                    if (f[0].charAt(0) != 'Z') {
                        entries.add(new Entry(Integer.parseInt(dir.getFileName().toString()),
                                Integer.parseInt(f[1]), Integer.parseInt(f[3])));
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to find
        }
        return new ProcessTable(entries);
    }

    /** Live descendants of {@code pid} (children, grandchildren...), not {@code pid} itself. */
    List<Integer> descendants(int pid) {
        Map<Integer, List<Integer>> children = new HashMap<>();
        entries.forEach(e -> children.computeIfAbsent(e.ppid(), k -> new ArrayList<>()).add(e.pid()));
        List<Integer> result = new ArrayList<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>(children.getOrDefault(pid, List.of()));
        while (!todo.isEmpty()) {
            int next = todo.poll();
            result.add(next);
            todo.addAll(children.getOrDefault(next, List.of()));
        }
        return result;
    }

    /** Live members of session {@code sid}, the leader included. */
    List<Integer> sessionMembers(int sid) {
        return entries.stream().filter(e -> e.session() == sid).map(Entry::pid).toList();
    }

    /** kill(2) each pid; processes already gone are skipped. */
    static void killAll(List<Integer> pids, int signal) {
        for (int pid : pids) {
            try {
                LibC.INSTANCE.kill(pid, signal);
            } catch (LastErrorException gone) {
                // exited meanwhile
            }
        }
    }

    /** Whether any process is left in process group {@code pgid} ({@code kill(-pgid, 0)}). */
    static boolean groupExists(long pgid) {
        try {
            LibC.INSTANCE.kill(-Math.toIntExact(pgid), 0);
            return true;
        } catch (LastErrorException e) {
            return e.getErrorCode() != LibC.ESRCH;
        }
    }

    /**
     * Whether {@code pid}, whose process we have reaped, names some other task now. While any process of a group or
     * session lives, the kernel keeps its number reserved (a pid is not handed out while it is a process group or
     * session id). So a task with that number means our group and session have emptied, and {@code kill(-pid)} or a
     * scan of session {@code pid} could only reach a stranger: a new process that got the recycled number and called
     * {@code setsid(2)}. A {@code /proc} entry exists for any task, threads included. Between this check and the kill,
     * the group must already be empty, the number recycled and its new owner call {@code setsid}: a narrow window.
     */
    static boolean numberReused(int pid) {
        return Files.exists(Path.of("/proc", Integer.toString(pid)));
    }
}
