package io.openwinrm.cli.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * One named logger. Text: {@code TIME [LEVEL] ShortName - message key=value...}; JSON: {@code time}, {@code level},
 * {@code logger}, {@code message}, then the event's key-value pairs (named as in the audit log: {@code user},
 * {@code client_ip}, {@code reason}...), then {@code error} with the stack trace.
 */
final class LineLogger extends LegacyAbstractLogger implements LoggingEventAware {

    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    private final String shortName;

    LineLogger(String name) {
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
    }

    @Override
    public boolean isTraceEnabled() {
        return Logging.enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return Logging.enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return Logging.enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return Logging.enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return Logging.enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        write(level, MessageFormatter.basicArrayFormat(pattern, arguments), List.of(), throwable);
    }

    @Override
    public void log(LoggingEvent event) {
        if (!Logging.enabled(event.getLevel())) {
            return;
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        write(event.getLevel(), MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()),
                pairs, event.getThrowable());
    }

    private void write(Level level, String message, List<KeyValuePair> pairs, Throwable throwable) {
        String time = Instant.now().toString();
        Logging.sink().line(Logging.format() == LogFormat.JSON ? json(time, level, message, pairs, throwable)
                : text(time, level, message, pairs, throwable));
    }

    private String text(String time, Level level, String message, List<KeyValuePair> pairs, Throwable throwable) {
        StringBuilder b = new StringBuilder(96).append(time).append(" [").append(level).append("] ")
                .append(shortName).append(" - ").append(message);
        for (KeyValuePair p : pairs) {
            b.append(' ').append(p.key).append('=').append(p.value);
        }
        if (throwable != null) {
            b.append('\n').append(stackTrace(throwable).stripTrailing());
        }
        return b.toString();
    }

    private String json(String time, Level level, String message, List<KeyValuePair> pairs, Throwable throwable) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", time);
            g.writeStringField("level", level.toString());
            g.writeStringField("logger", name);
            g.writeStringField("message", message);
            for (KeyValuePair p : pairs) {
                g.writeFieldName(p.key);
                if (p.value instanceof Number n) {
                    g.writeNumber(n.toString());
                } else if (p.value instanceof Boolean bool) {
                    g.writeBoolean(bool);
                } else {
                    g.writeString(String.valueOf(p.value));
                }
            }
            if (throwable != null) {
                g.writeStringField("error", stackTrace(throwable));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
