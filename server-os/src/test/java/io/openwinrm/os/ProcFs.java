package io.openwinrm.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads Linux /proc for test assertions. */
final class ProcFs {

    /** Fields of /proc/[pid]/stat after the command name. */
    record Stat(char state, long ppid, long pgrp, long session) {
    }

    private ProcFs() {
    }

    static Optional<Stat> stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Live (non-zombie) processes whose process group is {@code pgid}. */
    static List<Long> groupMembers(long pgid) throws IOException {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                stat(pid).filter(s -> s.pgrp() == pgid && s.state() != 'Z').ifPresent(s -> members.add(pid));
            }
        }
        return members;
    }

    /** Bytes the process has passed to write(2) so far (/proc/[pid]/io wchar). */
    static long wchar(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new IOException("no wchar for " + pid);
    }

    static boolean exists(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid)));
    }
}
