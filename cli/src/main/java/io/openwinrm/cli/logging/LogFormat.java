package io.openwinrm.cli.logging;

import java.util.Locale;

/** {@code [log] format}. */
public enum LogFormat {
    /** {@code 2026-12-07T22:18:38.868Z [WARN] Logger - message}. */
    TEXT,
    /** One JSON object per line: {@code time}, {@code level}, {@code logger}, {@code message}, key-value fields. */
    JSON;

    public static LogFormat parse(String text) {
        for (LogFormat f : values()) {
            if (f.name().equalsIgnoreCase(text.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("log.format must be \"text\" or \"json\", not '" + text + "'");
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
