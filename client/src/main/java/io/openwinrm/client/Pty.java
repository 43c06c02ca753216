package io.openwinrm.client;

import java.util.Objects;

/**
 * A pseudo-terminal for the commands of a shell on an OpenWinRM server (its login-shell resource,
 * {@link ShellOptions#LOGIN_SHELL_RESOURCE_URI}), asked for with the Create options
 * {@link io.openwinrm.protocol.shell.ShellOption#OPENWINRM_PTY} and friends, and the window-size signal that resizes
 * it. Both are OpenWinRM extensions, sent without {@code MustComply} ([MS-WSMV] 3.1.4.5.2).
 *
 * @param columns terminal width, 1–10000
 * @param rows    terminal height, 1–10000
 * @param term    the {@code TERM} the remote programs see (e.g. {@code xterm-256color}); no whitespace
 */
public record Pty(int columns, int rows, String term) {

    /** Signal code prefix; the full code adds {@code ?columns=C&rows=R}. */
    public static final String WINDOW_SIZE_SIGNAL = io.openwinrm.protocol.shell.SignalCode.WINDOW_SIZE;
    /** The largest width or height the server accepts. */
    public static final int MAX_DIMENSION = 10_000;
    /** The server's default {@code TERM}. */
    public static final String DEFAULT_TERM = "xterm-256color";

    /** @throws IllegalArgumentException if a dimension is out of range or {@code term} is blank or has whitespace */
    public Pty {
        checkSize(columns, rows);
        Objects.requireNonNull(term, "term");
        if (term.isBlank() || term.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid TERM '" + term + "'");
        }
    }

    /** The signal code that sets the window size to {@code columns} x {@code rows}. */
    public static String windowSizeSignal(int columns, int rows) {
        checkSize(columns, rows);
        return WINDOW_SIZE_SIGNAL + "?columns=" + columns + "&rows=" + rows;
    }

    private static void checkSize(int columns, int rows) {
        if (columns < 1 || columns > MAX_DIMENSION || rows < 1 || rows > MAX_DIMENSION) {
            throw new IllegalArgumentException("terminal size " + columns + "x" + rows + " is outside 1-"
                    + MAX_DIMENSION);
        }
    }
}
