package io.openwinrm.server.command;

import java.util.Optional;

/**
 * The OpenWinRM window-size signal: {@code rsp:Code} =
 * {@value #URI_PREFIX}{@code ?columns=C&rows=R}, C and R decimal in 1–10000. It resizes the command's
 * pseudo-terminal (TIOCSWINSZ; the kernel then sends SIGWINCH to the foreground job). Not part of [MS-WSMV] 2.2.4.38.
 */
public record WindowSize(int columns, int rows) {

    /** The signal code without its query. */
    public static final String URI_PREFIX = io.openwinrm.protocol.shell.SignalCode.WINDOW_SIZE;

    public WindowSize {
        if (!TerminalSpec.validSize(columns) || !TerminalSpec.validSize(rows)) {
            throw new IllegalArgumentException("window size out of range: " + columns + "x" + rows);
        }
    }

    /** Whether {@code code} names the window-size signal (whatever its query); case-insensitive, as signal codes. */
    public static boolean isWindowSizeCode(String code) {
        if (code == null) {
            return false;
        }
        String s = code.strip();
        return s.regionMatches(true, 0, URI_PREFIX, 0, URI_PREFIX.length())
                && (s.length() == URI_PREFIX.length() || s.charAt(URI_PREFIX.length()) == '?');
    }

    /**
     * Parses a window-size signal code: exactly the two parameters {@code columns} and {@code rows}, in any order,
     * each once, each a decimal number (ASCII digits only) in range.
     *
     * @return empty if {@code code} is not a well-formed window-size code
     */
    public static Optional<WindowSize> parse(String code) {
        if (!isWindowSizeCode(code)) {
            return Optional.empty();
        }
        String s = code.strip();
        if (s.length() == URI_PREFIX.length()) {
            return Optional.empty();
        }
        int columns = -1;
        int rows = -1;
        for (String pair : s.substring(URI_PREFIX.length() + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                return Optional.empty();
            }
            int value = decimal(pair.substring(eq + 1));
            switch (pair.substring(0, eq)) {
                case "columns" -> {
                    if (columns >= 0) {
                        return Optional.empty();
                    }
                    columns = value;
                }
                case "rows" -> {
                    if (rows >= 0) {
                        return Optional.empty();
                    }
                    rows = value;
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (!TerminalSpec.validSize(columns) || !TerminalSpec.validSize(rows)) {
            return Optional.empty();
        }
        return Optional.of(new WindowSize(columns, rows));
    }

    /** The value, or 0 (out of range) when it is not 1–5 ASCII digits. */
    private static int decimal(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return 0;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The signal code for this size. */
    public String uri() {
        return URI_PREFIX + "?columns=" + columns + "&rows=" + rows;
    }
}
