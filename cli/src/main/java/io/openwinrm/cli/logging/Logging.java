package io.openwinrm.cli.logging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * The log's settings for this process: threshold, format and sink. The threshold comes from the system property
 * {@code openwinrm.log.level} (or, as before, {@code org.slf4j.simpleLogger.defaultLogLevel}): trace, debug, info,
 * warn (the default), error or off;
 * {@code serve} raises it to {@code info} and applies {@code [log]} once the configuration is read.
 */
public final class Logging {

    private static final LogSink SINK = new LogSink();
    private static volatile int threshold = initialThreshold();
    private static volatile LogFormat format = LogFormat.TEXT;

    private Logging() {
    }

    /** Applies {@code [log]}: the format, and a file instead of standard error when given. */
    public static void configure(LogFormat value, Optional<Path> file) throws IOException {
        SINK.useFile(file);
        format = value;
    }

    /** The threshold, unless one was set on the command line. */
    public static void defaultLevel(Level level) {
        if (System.getProperty("openwinrm.log.level") == null
                && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            threshold = level.toInt();
        }
    }

    /** Log rotation: the file is opened again by name ({@code SIGHUP}). */
    public static void reopen() {
        SINK.reopen();
    }

    /** A line another process (the network service) already formatted, written as it is. */
    public static void relay(String line) {
        SINK.line(line);
    }

    public static LogFormat format() {
        return format;
    }

    static boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    static LogSink sink() {
        return SINK;
    }

    /** trace, debug, info, warn, error or off. */
    private static int initialThreshold() {
        String text = System.getProperty("openwinrm.log.level",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn")).strip().toUpperCase(Locale.ROOT);
        if (text.equals("OFF")) {
            return Integer.MAX_VALUE;
        }
        try {
            return Level.valueOf(text).toInt();
        } catch (IllegalArgumentException e) {
            return Level.WARN.toInt();
        }
    }
}
