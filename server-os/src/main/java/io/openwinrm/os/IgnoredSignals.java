package io.openwinrm.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Signals a command must not inherit as ignored. A process started in the background of a non-interactive shell
 * ({@code openwinrm serve &} in a script, {@code nohup}) begins with SIGINT and SIGQUIT ignored, and the JVM, its
 * children and their children keep them so (POSIX: ignored signals survive exec, and a non-interactive shell cannot
 * un-ignore them); WinRS {@code ctrl_c} and a terminal's Ctrl-C would then do nothing. Read from
 * {@code /proc/self/status} ({@code SigIgn}, a hex mask with bit n-1 for signal n).
 */
final class IgnoredSignals {

    private static final int SIGINT = 2;
    private static final int SIGQUIT = 3;

    private IgnoredSignals() {
    }

    /** The names ({@code INT}, {@code QUIT}) of those ignored in this process; empty when unknown. */
    static List<String> inThisProcess() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return of(Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unexpected format: assume the default dispositions
        }
        return List.of();
    }

    /** The names of SIGINT and SIGQUIT if set in {@code mask}. */
    static List<String> of(long mask) {
        List<String> names = new ArrayList<>(2);
        if ((mask & (1L << (SIGINT - 1))) != 0) {
            names.add("INT");
        }
        if ((mask & (1L << (SIGQUIT - 1))) != 0) {
            names.add("QUIT");
        }
        return List.copyOf(names);
    }
}
