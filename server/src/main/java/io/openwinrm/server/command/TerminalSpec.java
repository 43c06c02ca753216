package io.openwinrm.server.command;

import java.util.Objects;

/**
 * A pseudo-terminal to run a command under: its {@code TERM} and window size (OpenWinRM Create options
 * {@code OPENWINRM_TERM}, {@code OPENWINRM_PTY_COLUMNS}, {@code OPENWINRM_PTY_ROWS}; not part of [MS-WSMV]).
 *
 * @param term    value of {@code TERM} for the command; not blank, no NUL
 * @param columns window width, {@value #MIN_SIZE}–{@value #MAX_SIZE}
 * @param rows    window height, {@value #MIN_SIZE}–{@value #MAX_SIZE}
 */
public record TerminalSpec(String term, int columns, int rows) {

    public static final int MIN_SIZE = 1;
    public static final int MAX_SIZE = 10_000;
    public static final String DEFAULT_TERM = "xterm-256color";
    public static final int DEFAULT_COLUMNS = 80;
    public static final int DEFAULT_ROWS = 24;

    /** @throws IllegalArgumentException for a blank term or a size out of range */
    public TerminalSpec {
        Objects.requireNonNull(term, "term");
        if (term.isBlank() || term.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad TERM: '" + term + "'");
        }
        checkSize("columns", columns);
        checkSize("rows", rows);
    }

    /** {@code xterm-256color}, 80x24. */
    public static TerminalSpec defaults() {
        return new TerminalSpec(DEFAULT_TERM, DEFAULT_COLUMNS, DEFAULT_ROWS);
    }

    /** Whether {@code value} is an acceptable number of columns or rows. */
    public static boolean validSize(int value) {
        return value >= MIN_SIZE && value <= MAX_SIZE;
    }

    private static void checkSize(String what, int value) {
        if (!validSize(value)) {
            throw new IllegalArgumentException(what + " must be " + MIN_SIZE + "-" + MAX_SIZE + ": " + value);
        }
    }
}
