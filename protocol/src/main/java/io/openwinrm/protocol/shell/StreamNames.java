package io.openwinrm.protocol.shell;

import java.util.Arrays;
import java.util.List;

/** Stream names of the cmd shell ([MS-WSMV] 2.2.4.37) and the helper to split stream lists. */
public final class StreamNames {
    public static final String STDIN = "stdin";
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
    /** PSRP input stream. */
    public static final String PR = "pr";

    private StreamNames() {
    }

    /** Splits a whitespace separated stream list ({@code "stdout stderr"}); null or blank gives an empty list. */
    public static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.strip().split("\\s+")).toList();
    }

    /** Joins stream names with single spaces. */
    public static String join(List<String> names) {
        return String.join(" ", names);
    }
}
